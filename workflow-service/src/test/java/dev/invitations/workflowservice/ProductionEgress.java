package dev.invitations.workflowservice;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The egress allow-list as production would have it: the example's webhook host on 443, and one name (localhost) to
 * show that an allowed name still may not lead to an internal address. The loopback address is not allowed.
 */
public class ProductionEgress implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("workflow.egress.allow", "hooks.example.com:443,localhost");
    }
}
