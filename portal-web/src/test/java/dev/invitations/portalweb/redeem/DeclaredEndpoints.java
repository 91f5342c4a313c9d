package dev.invitations.portalweb.redeem;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Every "METHOD /path" that a server resource of this application declares: each method of a compiled class under
 * {@code dev.invitations.portalweb} annotated with an HTTP method, on its class's and its own {@code @Path}. REST
 * clients carry the same annotations for the services they call, and are left out.
 */
final class DeclaredEndpoints {

    private static final String PACKAGE = "dev.invitations.portalweb";

    static SortedSet<String> ofThisApplication() {
        List<Class<?>> types = compiledClasses();
        assertTrue(types.contains(RedeemPage.class), "RedeemPage is not among the scanned classes " + types);
        return types.stream().filter(type -> !type.isAnnotationPresent(RegisterRestClient.class))
                .flatMap(type -> Arrays.stream(type.getDeclaredMethods()).map(method -> endpoint(type, method)).flatMap(Optional::stream))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Class<?>> compiledClasses() {
        // Quarkus' class loader gives its classes "quarkus:" addresses; the JVM's own still knows the directory.
        String anchor = RedeemPage.class.getName().replace('.', '/') + ".class";
        String anchorUrl = ClassLoader.getSystemClassLoader().getResource(anchor).toString();
        try {
            var classes = Paths.get(new URI(anchorUrl.substring(0, anchorUrl.length() - anchor.length())));
            try (var files = Files.walk(classes.resolve(PACKAGE.replace('.', '/')))) {
                return files.map(file -> classes.relativize(file).toString()).filter(name -> name.endsWith(".class"))
                        .<Class<?>>map(name -> load(name.substring(0, name.length() - ".class".length()).replace('/', '.'))).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> endpoint(Class<?> type, Method method) {
        return Arrays.stream(method.getAnnotations()).map(annotation -> annotation.annotationType().getAnnotation(HttpMethod.class))
                .filter(Objects::nonNull).findFirst()
                .map(httpMethod -> httpMethod.value() + " " + path(type.getAnnotation(Path.class), method.getAnnotation(Path.class)));
    }

    private static String path(Path ofClass, Path ofMethod) {
        String joined = Stream.of(ofClass, ofMethod).filter(Objects::nonNull).map(Path::value).collect(Collectors.joining("/"));
        String path = ("/" + joined).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, RedeemPage.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private DeclaredEndpoints() {
    }
}
