package dev.invitations.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a test class: before each test, every instance field of type {@code KafkaCompanion} gets a companion logged in to
 * the broker of the running test's configuration ({@link TestKafka}); after the test it is closed. Put it after
 * {@code @QuarkusTest}, whose configuration it reads.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestKafka.PerTest.class)
public @interface WithKafkaCompanion {
}
