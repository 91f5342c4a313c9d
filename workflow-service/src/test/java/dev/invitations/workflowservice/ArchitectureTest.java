package dev.invitations.workflowservice;

import dev.invitations.testsupport.PackageCycles;
import org.junit.jupiter.api.Test;

/** Plain JUnit over the compiled main classes: the service's feature packages stay free of cycles. */
class ArchitectureTest {

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        PackageCycles.assertNoneUnder(ArchitectureTest.class.getPackageName());
    }
}
