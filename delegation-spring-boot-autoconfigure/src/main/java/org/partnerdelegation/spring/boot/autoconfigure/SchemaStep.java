package org.partnerdelegation.spring.boot.autoconfigure;

import java.util.List;
import org.partnerdelegation.jdbi.JdbiStorage;

/** What the start does with the library's schema, as {@code partner-delegation.schema.mode} says. */
final class SchemaStep {

    private static final System.Logger LOG = System.getLogger(SchemaStep.class.getName());

    private SchemaStep() {
    }

    static void apply(JdbiStorage storage, PartnerDelegationProperties.SchemaMode mode) {
        switch (mode) {
            case MIGRATE -> {
                List<Integer> applied = storage.installSchema();
                if (!applied.isEmpty()) {
                    LOG.log(System.Logger.Level.INFO, "Partner delegation: applied schema migrations " + applied);
                }
            }
            case VALIDATE -> storage.validateSchema();
            case NONE -> {
                // The host's migration tool owns the schema.
            }
        }
    }
}
