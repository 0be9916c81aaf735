package org.partnerdelegation.examples;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.port.Notifier;

/** The notifier: an in-memory mailbox the walkthrough reads the invitation links from. */
public final class DemoMailboxModule extends AbstractModule {

    @Provides
    @Singleton
    InMemoryNotifier mailbox() {
        return new InMemoryNotifier();
    }

    @Provides
    Notifier notifier(InMemoryNotifier mailbox) {
        return mailbox;
    }
}
