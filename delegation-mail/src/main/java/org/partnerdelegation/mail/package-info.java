/**
 * Mail notifications for partner delegation over SMTP, with Simple Java Mail.
 *
 * <p>{@link org.partnerdelegation.mail.SimpleJavaMailNotifier} is the core's
 * {@link org.partnerdelegation.core.port.Notifier}: the core's
 * {@link org.partnerdelegation.core.outbox.OutboxDispatcher} hands it each notification of the
 * outbox, and it mails it with a plain-text and an HTML part. It is configured with
 * {@link org.partnerdelegation.mail.SmtpSettings} (server, {@link org.partnerdelegation.mail.TlsMode},
 * login, timeout) and {@link org.partnerdelegation.mail.MailTemplates} (the host's
 * {@link org.partnerdelegation.mail.MailBranding} and one
 * {@link org.partnerdelegation.mail.MailTemplate} per kind of notification, which the host may
 * replace, per language).
 *
 * <p>Mails are written in English, German or French, chosen per recipient from the
 * {@link org.partnerdelegation.core.domain.TenantProfile} the host's
 * {@link org.partnerdelegation.core.port.TenantDirectory} gives its tenant, with times in its zone;
 * the partner is named by its display name beside its account number and email.
 *
 * <p>Retrying is the dispatcher's job: the notifier reports a failure by throwing
 * {@link org.partnerdelegation.core.domain.DelegationException} with
 * {@link org.partnerdelegation.core.domain.ErrorCode#NOTIFICATION_FAILED}, and the outbox keeps
 * the entry, retries with backoff, and keeps it as FAILED after the last attempt.
 *
 * <p>Every public type here is immutable or thread-safe; none accepts null.
 */
package org.partnerdelegation.mail;
