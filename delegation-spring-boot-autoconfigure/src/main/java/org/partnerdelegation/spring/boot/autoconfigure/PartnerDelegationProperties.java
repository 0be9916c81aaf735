package org.partnerdelegation.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code partner-delegation.*} properties of a Spring Boot host. Every key has the library's
 * default; the generated metadata lets an IDE complete and document each one. The values are
 * checked where the library builds its own objects from them ({@code DelegationSettings},
 * {@code StepUpPolicy}, {@code RoleCatalogue}, {@code SmtpSettings}, {@code MailBranding}), so a
 * value out of range fails the start with the library's own message. A mutable bean, as Spring
 * binds it: not thread-safe while binding, read-only afterwards.
 */
@ConfigurationProperties("partner-delegation")
public class PartnerDelegationProperties {

    /** The REST API. */
    private final Api api = new Api();

    /** How long an invitation link stays valid once sent; at most 30 days. */
    private Duration invitationTtl = Duration.ofDays(7);

    /** How long a delegated session lasts; at most 24 hours. */
    private Duration sessionTtl = Duration.ofHours(1);

    /** The largest account-list or audit page a caller may ask for; 1 to 1000. */
    private int maxPageSize = 100;

    /** The least time between two invitations from one partner to one customer; zero turns it off, at most 1 day. */
    private Duration invitationCooldown = Duration.ofMinutes(5);

    /** The shortest period a partner may request. */
    private Duration minTerm = Duration.ofDays(1);

    /** The longest period a partner may request; at most 3653 days. */
    private Duration maxTerm = Duration.ofDays(730);

    /** How long before a delegation's end date both sides are told; zero for no notice. */
    private Duration endingNotice = Duration.ofDays(14);

    /** How many delegated logins one partner user may make into one delegation within the login window; 1 to 10000. */
    private int loginsPerWindow = 30;

    /** The window of the login rate; at most 1 day. */
    private Duration loginWindow = Duration.ofMinutes(1);

    /** How many live delegated sessions one partner user may hold into one delegation; a login past it ends the oldest. */
    private int maxLiveSessions = 5;

    /** The step-up a partner user's authentication needs before a delegated login. */
    private final StepUp stepUp = new StepUp();

    /** The roles partners may request. */
    private final Roles roles = new Roles();

    /** The mail notifier. */
    private final Mail mail = new Mail();

    /** The database schema. */
    private final Schema schema = new Schema();

    /** A pool of the library's own, instead of the host's DataSource. */
    private final Datasource datasource = new Datasource();

    /** The background jobs. */
    private final Jobs jobs = new Jobs();

    /** Micrometer observations of the use cases, deliveries and statements. */
    private final Observation observation = new Observation();

    /** The outbox and session gauges. */
    private final Metrics metrics = new Metrics();

    /** The partnerDelegation health indicator. */
    private final Health health = new Health();

    /** The node-local cache of session checks, when delegation-session-cache is on the class path. */
    private final SessionCache sessionCache = new SessionCache();

    /** {@return the REST API's settings} */
    public Api getApi() {
        return api;
    }

    /** {@return how long an invitation link stays valid} */
    public Duration getInvitationTtl() {
        return invitationTtl;
    }

    /** @param invitationTtl how long an invitation link stays valid */
    public void setInvitationTtl(Duration invitationTtl) {
        this.invitationTtl = invitationTtl;
    }

    /** {@return how long a delegated session lasts} */
    public Duration getSessionTtl() {
        return sessionTtl;
    }

    /** @param sessionTtl how long a delegated session lasts */
    public void setSessionTtl(Duration sessionTtl) {
        this.sessionTtl = sessionTtl;
    }

    /** {@return the largest page a caller may ask for} */
    public int getMaxPageSize() {
        return maxPageSize;
    }

    /** @param maxPageSize the largest page a caller may ask for */
    public void setMaxPageSize(int maxPageSize) {
        this.maxPageSize = maxPageSize;
    }

    /** {@return the least time between two invitations to one customer} */
    public Duration getInvitationCooldown() {
        return invitationCooldown;
    }

    /** @param invitationCooldown the least time between two invitations to one customer */
    public void setInvitationCooldown(Duration invitationCooldown) {
        this.invitationCooldown = invitationCooldown;
    }

    /** {@return the shortest period a partner may request} */
    public Duration getMinTerm() {
        return minTerm;
    }

    /** @param minTerm the shortest period a partner may request */
    public void setMinTerm(Duration minTerm) {
        this.minTerm = minTerm;
    }

    /** {@return the longest period a partner may request} */
    public Duration getMaxTerm() {
        return maxTerm;
    }

    /** @param maxTerm the longest period a partner may request */
    public void setMaxTerm(Duration maxTerm) {
        this.maxTerm = maxTerm;
    }

    /** {@return how long before the end both sides are told} */
    public Duration getEndingNotice() {
        return endingNotice;
    }

    /** @param endingNotice how long before the end both sides are told */
    public void setEndingNotice(Duration endingNotice) {
        this.endingNotice = endingNotice;
    }

    /** {@return how many logins the login window allows} */
    public int getLoginsPerWindow() {
        return loginsPerWindow;
    }

    /** @param loginsPerWindow how many logins the login window allows */
    public void setLoginsPerWindow(int loginsPerWindow) {
        this.loginsPerWindow = loginsPerWindow;
    }

    /** {@return the window of the login rate} */
    public Duration getLoginWindow() {
        return loginWindow;
    }

    /** @param loginWindow the window of the login rate */
    public void setLoginWindow(Duration loginWindow) {
        this.loginWindow = loginWindow;
    }

    /** {@return how many live sessions one partner user may hold into one delegation} */
    public int getMaxLiveSessions() {
        return maxLiveSessions;
    }

    /** @param maxLiveSessions how many live sessions one partner user may hold into one delegation */
    public void setMaxLiveSessions(int maxLiveSessions) {
        this.maxLiveSessions = maxLiveSessions;
    }

    /** {@return the step-up policy's settings} */
    public StepUp getStepUp() {
        return stepUp;
    }

    /** {@return the role catalogue's settings} */
    public Roles getRoles() {
        return roles;
    }

    /** {@return the mail notifier's settings} */
    public Mail getMail() {
        return mail;
    }

    /** {@return the schema's settings} */
    public Schema getSchema() {
        return schema;
    }

    /** {@return the dedicated pool's settings} */
    public Datasource getDatasource() {
        return datasource;
    }

    /** {@return the background jobs' settings} */
    public Jobs getJobs() {
        return jobs;
    }

    /** {@return the observations' settings} */
    public Observation getObservation() {
        return observation;
    }

    /** {@return the gauges' settings} */
    public Metrics getMetrics() {
        return metrics;
    }

    /** {@return the health indicator's settings} */
    public Health getHealth() {
        return health;
    }

    /** {@return the session cache's settings} */
    public SessionCache getSessionCache() {
        return sessionCache;
    }

    /** The REST API's settings ({@code partner-delegation.api.*}). */
    public static class Api {

        /** Whether the REST controllers are registered. */
        private boolean enabled = true;

        /** The path under which every endpoint of the REST API lies. */
        private String basePath = "/partner-delegation/api";

        /** {@return whether the REST controllers are registered} */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the REST controllers are registered */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return the path under which every endpoint lies} */
        public String getBasePath() {
            return basePath;
        }

        /** @param basePath the path under which every endpoint lies */
        public void setBasePath(String basePath) {
            this.basePath = basePath;
        }
    }

    /** What a partner user's authentication must be before a delegated login ({@code partner-delegation.step-up.*}). */
    public static class StepUp {

        /** What the authentication must be: multi-factor (the default), any-factor or none (both relaxations, logged). */
        private StepUpRequirement requirement = StepUpRequirement.MULTI_FACTOR;

        /** How old the authentication may be at the login; at most 24 hours. */
        private Duration maxAge = Duration.ofMinutes(15);

        /** Whether a customer administrator's own sensitive actions (accepting an invitation...) need the same. */
        private boolean customerActions = false;

        /** {@return what the authentication must be} */
        public StepUpRequirement getRequirement() {
            return requirement;
        }

        /** @param requirement what the authentication must be */
        public void setRequirement(StepUpRequirement requirement) {
            this.requirement = requirement;
        }

        /** {@return how old the authentication may be} */
        public Duration getMaxAge() {
            return maxAge;
        }

        /** @param maxAge how old the authentication may be */
        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        /** {@return whether the customer's sensitive actions need the same} */
        public boolean isCustomerActions() {
            return customerActions;
        }

        /** @param customerActions whether the customer's sensitive actions need the same */
        public void setCustomerActions(boolean customerActions) {
            this.customerActions = customerActions;
        }
    }

    /** The step-up requirement, as {@code StepUpPolicy.Requirement} has it. */
    public enum StepUpRequirement {
        /** Multi-factor, no older than the maximum age: the default. */
        MULTI_FACTOR,
        /** Any authentication the host states, no older than the maximum age: a relaxation, logged. */
        ANY_FACTOR,
        /** Nothing: the host vouches for its users by other means; a relaxation, logged. */
        NONE
    }

    /** The roles partners may request ({@code partner-delegation.roles.*}). */
    public static class Roles {

        /** The roles, in the order the pages list them; none for the standard catalogue (tenant:administrator alone). */
        private List<Role> definitions = new ArrayList<>();

        /** The keys a request that names no role asks for; each must be one of the definitions. */
        private List<String> defaultRoles = new ArrayList<>();

        /** {@return the roles; empty for the standard catalogue} */
        public List<Role> getDefinitions() {
            return definitions;
        }

        /** @param definitions the roles */
        public void setDefinitions(List<Role> definitions) {
            this.definitions = definitions;
        }

        /** {@return the default roles' keys} */
        public List<String> getDefaultRoles() {
            return defaultRoles;
        }

        /** @param defaultRoles the default roles' keys */
        public void setDefaultRoles(List<String> defaultRoles) {
            this.defaultRoles = defaultRoles;
        }
    }

    /** One role a partner may request ({@code partner-delegation.roles.definitions[n].*}). */
    public static class Role {

        /** The role's key, such as billing:read; also the Spring Security authority of a session holding it. */
        private String key;

        /** The role's name as the pages show it. */
        private String name;

        /** What the role allows, as the pages show it. */
        private String description;

        /** Whether the role is sensitive (a customer sees it flagged). */
        private boolean sensitive = false;

        /** Whether a delegation holding the role may renew itself. */
        private boolean autoRenewable = true;

        /** {@return the role's key} */
        public String getKey() {
            return key;
        }

        /** @param key the role's key */
        public void setKey(String key) {
            this.key = key;
        }

        /** {@return the role's name} */
        public String getName() {
            return name;
        }

        /** @param name the role's name */
        public void setName(String name) {
            this.name = name;
        }

        /** {@return what the role allows} */
        public String getDescription() {
            return description;
        }

        /** @param description what the role allows */
        public void setDescription(String description) {
            this.description = description;
        }

        /** {@return whether the role is sensitive} */
        public boolean isSensitive() {
            return sensitive;
        }

        /** @param sensitive whether the role is sensitive */
        public void setSensitive(boolean sensitive) {
            this.sensitive = sensitive;
        }

        /** {@return whether a delegation holding it may renew itself} */
        public boolean isAutoRenewable() {
            return autoRenewable;
        }

        /** @param autoRenewable whether a delegation holding it may renew itself */
        public void setAutoRenewable(boolean autoRenewable) {
            this.autoRenewable = autoRenewable;
        }
    }

    /** The mail notifier ({@code partner-delegation.mail.*}). */
    public static class Mail {

        /** Whether the library mails its notifications; off, nothing is mailed unless the host provides a Notifier. */
        private boolean enabled = true;

        /** The SMTP server; when unset, Spring's spring.mail.host is used, and without either no mail is sent. */
        private String host;

        /** The SMTP server's port. */
        private int port = 587;

        /** How the connection is secured: none, starttls or smtps. */
        private String tlsMode = "starttls";

        /** The SMTP login; unset for a server without authentication. */
        private String username;

        /** The SMTP password. */
        private String password;

        /** Connect, read and write timeout of the SMTP conversation. */
        private Duration timeout = Duration.ofSeconds(30);

        /** The From address of every mail; required when mail is on. */
        private String sender;

        /** The From display name; the product name when unset. */
        private String senderName;

        /** The product's name as the mails show it. */
        private String productName = "Partner access";

        /** The URL of the host's Accept page; the invitation's token is appended to it. Required when mail is on. */
        private String acceptUrlBase;

        /** The customer's page of its partner's access, linked from login notices; none when unset. */
        private String partnerAccessUrl;

        /** {@return whether the library mails its notifications} */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the library mails its notifications */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return the SMTP server, or null} */
        public String getHost() {
            return host;
        }

        /** @param host the SMTP server */
        public void setHost(String host) {
            this.host = host;
        }

        /** {@return the SMTP port} */
        public int getPort() {
            return port;
        }

        /** @param port the SMTP port */
        public void setPort(int port) {
            this.port = port;
        }

        /** {@return how the connection is secured} */
        public String getTlsMode() {
            return tlsMode;
        }

        /** @param tlsMode how the connection is secured */
        public void setTlsMode(String tlsMode) {
            this.tlsMode = tlsMode;
        }

        /** {@return the SMTP login, or null} */
        public String getUsername() {
            return username;
        }

        /** @param username the SMTP login */
        public void setUsername(String username) {
            this.username = username;
        }

        /** {@return the SMTP password, or null} */
        public String getPassword() {
            return password;
        }

        /** @param password the SMTP password */
        public void setPassword(String password) {
            this.password = password;
        }

        /** {@return the SMTP timeout} */
        public Duration getTimeout() {
            return timeout;
        }

        /** @param timeout the SMTP timeout */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        /** {@return the From address, or null} */
        public String getSender() {
            return sender;
        }

        /** @param sender the From address */
        public void setSender(String sender) {
            this.sender = sender;
        }

        /** {@return the From display name, or null} */
        public String getSenderName() {
            return senderName;
        }

        /** @param senderName the From display name */
        public void setSenderName(String senderName) {
            this.senderName = senderName;
        }

        /** {@return the product's name} */
        public String getProductName() {
            return productName;
        }

        /** @param productName the product's name */
        public void setProductName(String productName) {
            this.productName = productName;
        }

        /** {@return the Accept page's URL base, or null} */
        public String getAcceptUrlBase() {
            return acceptUrlBase;
        }

        /** @param acceptUrlBase the Accept page's URL base */
        public void setAcceptUrlBase(String acceptUrlBase) {
            this.acceptUrlBase = acceptUrlBase;
        }

        /** {@return the customer's page of its partner's access, or null} */
        public String getPartnerAccessUrl() {
            return partnerAccessUrl;
        }

        /** @param partnerAccessUrl the customer's page of its partner's access */
        public void setPartnerAccessUrl(String partnerAccessUrl) {
            this.partnerAccessUrl = partnerAccessUrl;
        }
    }

    /** The database schema ({@code partner-delegation.schema.*}). */
    public static class Schema {

        /** What the start does with the schema: migrate applies the bundled migrations, validate checks them, none leaves it to the host. */
        private SchemaMode mode = SchemaMode.MIGRATE;

        /** {@return what the start does with the schema} */
        public SchemaMode getMode() {
            return mode;
        }

        /** @param mode what the start does with the schema */
        public void setMode(SchemaMode mode) {
            this.mode = mode;
        }
    }

    /** What the start does with the library's schema. */
    public enum SchemaMode {
        /** Applies the bundled migrations the database does not have yet: the default. */
        MIGRATE,
        /** Checks that the database has every bundled migration, and fails the start when not. */
        VALIDATE,
        /** Nothing: the host's own migration tool applies the library's migrations. */
        NONE
    }

    /** A pool of the library's own ({@code partner-delegation.datasource.*}); unset, the host's DataSource is used. */
    public static class Datasource {

        /** The JDBC URL of the library's own pool (jdbc:postgresql: or jdbc:h2:); unset to use the host's DataSource. */
        private String url;

        /** The database user of the library's own pool. */
        private String username;

        /** The database password of the library's own pool. */
        private String password;

        /** Connections in the library's own pool. */
        private int maximumPoolSize = 10;

        /** {@return the JDBC URL, or null} */
        public String getUrl() {
            return url;
        }

        /** @param url the JDBC URL */
        public void setUrl(String url) {
            this.url = url;
        }

        /** {@return the database user, or null} */
        public String getUsername() {
            return username;
        }

        /** @param username the database user */
        public void setUsername(String username) {
            this.username = username;
        }

        /** {@return the database password, or null} */
        public String getPassword() {
            return password;
        }

        /** @param password the database password */
        public void setPassword(String password) {
            this.password = password;
        }

        /** {@return the connections in the pool} */
        public int getMaximumPoolSize() {
            return maximumPoolSize;
        }

        /** @param maximumPoolSize the connections in the pool */
        public void setMaximumPoolSize(int maximumPoolSize) {
            this.maximumPoolSize = maximumPoolSize;
        }
    }

    /** The background jobs ({@code partner-delegation.jobs.*}). */
    public static class Jobs {

        /** The outbox dispatcher, which delivers the notifications. */
        private final Outbox outbox = new Outbox();

        /** The time-limit job: expires invitations, ends delegations past their end, sends notices and digests. */
        private final TimeLimits timeLimits = new TimeLimits();

        /** {@return the outbox dispatcher's settings} */
        public Outbox getOutbox() {
            return outbox;
        }

        /** {@return the time-limit job's settings} */
        public TimeLimits getTimeLimits() {
            return timeLimits;
        }
    }

    /** The outbox dispatcher ({@code partner-delegation.jobs.outbox.*}). */
    public static class Outbox {

        /** Whether the outbox dispatcher runs in this process. */
        private boolean enabled = true;

        /** The delay between the end of one drain of the outbox and the start of the next. */
        private Duration period = Duration.ofSeconds(10);

        /** {@return whether the dispatcher runs} */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the dispatcher runs */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return the delay between two drains} */
        public Duration getPeriod() {
            return period;
        }

        /** @param period the delay between two drains */
        public void setPeriod(Duration period) {
            this.period = period;
        }
    }

    /** The time-limit job ({@code partner-delegation.jobs.time-limits.*}). */
    public static class TimeLimits {

        /** Whether the time-limit job runs in this process. */
        private boolean enabled = true;

        /** The delay between the end of one run of the time-limit job and the start of the next. */
        private Duration period = Duration.ofMinutes(5);

        /** The host's own tenant, as the operator the job runs as; the audit trail records it. */
        private String operatorTenant = "host";

        /** The operator user the job runs as; the audit trail records it. */
        private String operatorUser = "partner-delegation-time-limits";

        /** {@return whether the job runs} */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the job runs */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return the delay between two runs} */
        public Duration getPeriod() {
            return period;
        }

        /** @param period the delay between two runs */
        public void setPeriod(Duration period) {
            this.period = period;
        }

        /** {@return the operator's tenant} */
        public String getOperatorTenant() {
            return operatorTenant;
        }

        /** @param operatorTenant the operator's tenant */
        public void setOperatorTenant(String operatorTenant) {
            this.operatorTenant = operatorTenant;
        }

        /** {@return the operator user} */
        public String getOperatorUser() {
            return operatorUser;
        }

        /** @param operatorUser the operator user */
        public void setOperatorUser(String operatorUser) {
            this.operatorUser = operatorUser;
        }
    }

    /** Micrometer observations ({@code partner-delegation.observation.*}). */
    public static class Observation {

        /** Whether the use cases, deliveries and statements are observed on the host's ObservationRegistry. */
        private boolean enabled = true;

        /** {@return whether the use cases, deliveries and statements are observed} */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the use cases, deliveries and statements are observed */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The gauges ({@code partner-delegation.metrics.*}). */
    public static class Metrics {

        /** How long one read of the figures serves every gauge, so that scrapes do not hit the database each time. */
        private Duration figuresCache = Duration.ofSeconds(5);

        /** {@return how long one read of the figures serves the gauges} */
        public Duration getFiguresCache() {
            return figuresCache;
        }

        /** @param figuresCache how long one read of the figures serves the gauges; zero reads on every scrape */
        public void setFiguresCache(Duration figuresCache) {
            this.figuresCache = figuresCache;
        }
    }

    /** The health indicator ({@code partner-delegation.health.*}). */
    public static class Health {

        /** How long the oldest due outbox entry may wait before the health reads DEGRADED. */
        private Duration outboxMaxAge = Duration.ofMinutes(15);

        /** {@return how long the oldest due outbox entry may wait before the health reads DEGRADED} */
        public Duration getOutboxMaxAge() {
            return outboxMaxAge;
        }

        /** @param outboxMaxAge how long the oldest due outbox entry may wait before the health reads DEGRADED */
        public void setOutboxMaxAge(Duration outboxMaxAge) {
            this.outboxMaxAge = outboxMaxAge;
        }
    }

    /** The node-local cache of session checks ({@code partner-delegation.session-cache.*}), with delegation-session-cache. */
    public static class SessionCache {

        /** Whether session checks are served from a node-local cache, when delegation-session-cache is on the class path. */
        private boolean enabled = true;

        /** How long a session check is served from memory at most after the database was read. */
        private Duration ttl = Duration.ofSeconds(5);

        /** The most session checks held in memory; beyond it the least used go. */
        private long maximumSize = 10_000;

        /** {@return whether the cache is on} */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the cache is on */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return the longest an entry is served} */
        public Duration getTtl() {
            return ttl;
        }

        /** @param ttl the longest an entry is served */
        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        /** {@return the most entries held} */
        public long getMaximumSize() {
            return maximumSize;
        }

        /** @param maximumSize the most entries held */
        public void setMaximumSize(long maximumSize) {
            this.maximumSize = maximumSize;
        }
    }
}
