package org.partnerdelegation.spring.boot.web;

import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the committed OpenAPI document from the jar, so a host needs no springdoc at run time, and
 * answers any other path under the base path with a 404 problem rather than the host's error page.
 */
@Hidden
@RestController
final class ApiDocumentController {

    /** Where the build puts docs/openapi.yaml in the jar. */
    static final String DOCUMENT = "META-INF/partner-delegation/openapi.yaml";

    /** RFC 9512's media type for YAML. */
    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    @GetMapping(ApiPaths.BASE + "/openapi.yaml")
    ResponseEntity<byte[]> openApi() throws IOException {
        ClassPathResource document = new ClassPathResource(DOCUMENT, ApiDocumentController.class.getClassLoader());
        if (!document.exists()) {
            throw new ApiPathNotFoundException();
        }
        try (InputStream in = document.getInputStream()) {
            return ResponseEntity.ok().contentType(YAML).cacheControl(CacheControl.noCache()).body(in.readAllBytes());
        }
    }

    // Lower precedence than every real mapping: Spring prefers the more specific pattern.
    @RequestMapping(ApiPaths.BASE + "/**")
    ResponseEntity<Void> unknown() {
        throw new ApiPathNotFoundException();
    }
}
