package org.partnerdelegation.spring.boot.autoconfigure;

import java.util.List;
import org.partnerdelegation.core.domain.DelegationException;
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
            // TODO(i19, schema validate): call storage.validateSchema() once delegation-jdbi has it (the Flyway
            // branch adds it). Until then validate refuses to start rather than pretend to have checked anything.
            case VALIDATE -> throw DelegationException.invalidInput("partner-delegation.schema.mode",
                    "is validate, which this version of delegation-jdbi cannot do yet (it has no schema validation):"
                            + " use migrate, or none when your own migration tool applies the library's migrations");
            case NONE -> {
                // The host's migration tool owns the schema.
            }
        }
    }
}
