/**
 * Runnable examples of embedding the library. {@link org.partnerdelegation.examples.ConsoleWalkthrough}
 * plays the whole flow on the console with real parts: the embedded H2 database of
 * {@code delegation-jdbi}, and {@code delegation-mail}'s notifier mailing every notification through
 * SMTP to a mail server the example starts in-process (GreenMail, on a free port of the loopback
 * address). {@link org.partnerdelegation.examples.DemoInbox} reads the mails that server received as
 * a mail client would, and the customer accepts with the token of the link in its invitation mail,
 * signed in as the invited account (an administrator principal with the verified email the
 * invitation was mailed to). Requests made with a delegated session's token act as
 * {@code validateSession(token).map(DelegatedSession::principal)}, which the library refuses
 * anything beyond the customer tenant (no chained delegation).
 *
 * <p>Guice composes it in {@link org.partnerdelegation.examples.DemoWiring} from small modules of
 * {@code @Provides} methods, with qualifier annotations rather than named strings:
 * {@link org.partnerdelegation.examples.EmbeddedStorageModule} (the storage ports),
 * {@link org.partnerdelegation.examples.DelegationModule} (the use cases and the outbox dispatcher) and
 * {@link org.partnerdelegation.examples.DemoMailModule} (the SMTP server, its settings, the mail
 * branding and templates, and the notifier). A host on another container wires the same builders its
 * own way; a host with its own relay provides its own {@code SmtpSettings} and {@code MailBranding}.
 */
package org.partnerdelegation.examples;
