package org.partnerdelegation.spring.boot.autoconfigure;

import org.partnerdelegation.core.port.Notifier;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.mail.SimpleJavaMailNotifier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * The {@link Notifier}: {@code delegation-mail}'s {@link SimpleJavaMailNotifier}, on the SMTP server
 * of {@code partner-delegation.mail.host}, or of Spring's own {@code spring.mail.host} when the
 * library's is not set. Either way the From address ({@code partner-delegation.mail.sender}) and the
 * Accept page ({@code partner-delegation.mail.accept-url-base}) come from the library's properties,
 * and the start fails naming the one missing. Off with {@code partner-delegation.mail.enabled=false};
 * backs off when the host defines its own {@code Notifier}.
 */
@AutoConfiguration(after = PartnerDelegationAutoConfiguration.class,
        afterName = "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration")
@ConditionalOnClass(SimpleJavaMailNotifier.class)
@ConditionalOnProperty(prefix = "partner-delegation.mail", name = "enabled", havingValue = "true", matchIfMissing = true)
@Conditional(PartnerDelegationMailAutoConfiguration.SmtpHostCondition.class)
@EnableConfigurationProperties(PartnerDelegationProperties.class)
public class PartnerDelegationMailAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public PartnerDelegationMailAutoConfiguration() {
    }

    /**
     * The mail notifier; each mail in its recipient's language and time zone when a tenant
     * directory exists.
     *
     * @param properties  the bound properties
     * @param environment the environment, for Spring's {@code spring.mail.*}
     * @param readers     the tenant directory, if any
     * @return the notifier, closed with the context
     */
    @Bean
    @ConditionalOnMissingBean(Notifier.class)
    public SimpleJavaMailNotifier partnerDelegationNotifier(PartnerDelegationProperties properties, Environment environment,
                                                            ObjectProvider<TenantDirectory> readers) {
        MailSettings settings = MailSettings.from(properties.getMail(), Binder.get(environment));
        TenantDirectory directory = readers.getIfUnique();
        return directory == null ? new SimpleJavaMailNotifier(settings.smtp(), settings.templates())
                : new SimpleJavaMailNotifier(settings.smtp(), settings.templates(), directory);
    }

    /** Either the library's SMTP host or Spring's is set. */
    static final class SmtpHostCondition extends AnyNestedCondition {

        SmtpHostCondition() {
            super(ConfigurationPhase.PARSE_CONFIGURATION);
        }

        @ConditionalOnProperty(prefix = "partner-delegation.mail", name = "host")
        static final class LibraryHost {
        }

        @ConditionalOnProperty(prefix = "spring.mail", name = "host")
        static final class SpringHost {
        }
    }
}
