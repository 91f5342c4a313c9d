package dev.invitations.testsupport;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * Packages by feature only hold while no two features need each other: a cycle means neither can be read, changed or
 * moved alone. Every package of a module's main classes is a node, the root package too, so a feature that leans on the
 * root package's config while the root leans on the feature is caught as well.
 */
public final class PackageCycles {

    private PackageCycles() {
    }

    /** Fails, naming each cycle and the dependencies that make it, if a package under {@code rootPackage} reaches itself. */
    public static void assertNoneUnder(String rootPackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(rootPackage);
        // An empty import would make the rule pass without having looked at anything.
        if (classes.size() < 2) {
            throw new AssertionError("Found " + classes.size() + " classes under " + rootPackage + ": is it the module's package?");
        }
        slices().assignedFrom(eachPackageUnder(rootPackage)).should().beFreeOfCycles().check(classes);
    }

    private static SliceAssignment eachPackageUnder(String rootPackage) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                return name.equals(rootPackage) || name.startsWith(rootPackage + ".") ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages under " + rootPackage;
            }
        };
    }
}
