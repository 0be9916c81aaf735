package org.partnerdelegation.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;

/** What the dispatcher writes to the log and to an entry's last error from a notifier's failure. */
class DescribeFailureTest {

    @Test
    void keepsTheCodeAndMasksEveryEmailAddressInTheMessage() {
        String described = OutboxDispatcher.describe(new DelegationException(ErrorCode.NOTIFICATION_FAILED,
                "550 <jane.doe@customer.example> rejected; cc Bob@Partner.Example failed (smtp.example.com:25)"));

        assertThat(described).isEqualTo("NOTIFICATION_FAILED: 550 <j***@customer.example> rejected; cc B***@Partner.Example failed"
                + " (smtp.example.com:25)");
    }

    @Test
    void namesTheExceptionTypeWhenThereIsNoCode() {
        assertThat(OutboxDispatcher.describe(new IllegalStateException("connection refused")))
                .isEqualTo("IllegalStateException: connection refused");
    }
}
