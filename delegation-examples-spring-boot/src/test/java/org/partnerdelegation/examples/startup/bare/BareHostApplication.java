package org.partnerdelegation.examples.startup.bare;

import java.lang.management.ManagementFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bare host of the startup measurement ({@link org.partnerdelegation.examples.startup.StartupCost}):
 * Spring MVC, Spring Security with its defaults, a DataSource on H2, one controller; no partner
 * delegation. Once ready it prints the JVM's uptime and exits.
 */
@SpringBootApplication
@RestController
public class BareHostApplication {

    /** The line the measurement reads: the JVM's uptime, in milliseconds, when the application was ready. */
    public static final String READY = "startup-cost: ready after ";

    /**
     * Starts the host, which exits as soon as it is ready.
     *
     * @param args Spring Boot's arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(BareHostApplication.class, args);
    }

    @GetMapping("/")
    String home() {
        return "ok";
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> exitWhenReady() {
        return event -> {
            System.out.println(READY + ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
            ConfigurableApplicationContext context = event.getApplicationContext();
            System.exit(SpringApplication.exit(context));
        };
    }
}
