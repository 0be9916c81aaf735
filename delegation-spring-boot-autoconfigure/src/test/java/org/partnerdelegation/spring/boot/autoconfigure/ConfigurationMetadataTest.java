package org.partnerdelegation.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The metadata the configuration processor writes lists every key {@link PartnerDelegationProperties}
 * binds, each with a description, so that an IDE completes and documents all of them.
 */
class ConfigurationMetadataTest {

    private static final Pattern ENTRY = Pattern.compile("\\{\\s*\"name\"\\s*:\\s*\"([^\"]+)\"(.*?)\\}", Pattern.DOTALL);

    @Test
    void metadataListsEveryBoundKeyWithADescription() throws Exception {
        Map<String, String> metadata = properties();
        TreeSet<String> bound = new TreeSet<>();
        collect("partner-delegation", PartnerDelegationProperties.class, bound);

        assertThat(bound).hasSizeGreaterThan(35);
        assertThat(metadata.keySet()).containsAll(bound);
        for (String key : bound) {
            assertThat(metadata.get(key)).as(key).contains("\"description\"");
        }
    }

    @Test
    void metadataStatesTheLibrarysDefaults() throws Exception {
        Map<String, String> metadata = properties();
        assertThat(metadata.get("partner-delegation.session-ttl")).contains("\"defaultValue\": \"1h\"");
        assertThat(metadata.get("partner-delegation.invitation-ttl")).contains("\"defaultValue\": \"7d\"");
        assertThat(metadata.get("partner-delegation.schema.mode")).contains("\"defaultValue\": \"migrate\"");
    }

    @Test
    void theSpringBootGuideListsEveryKeyOfTheMetadata() throws Exception {
        String guide = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/guide/spring-boot.md"), StandardCharsets.UTF_8);
        for (String key : properties().keySet()) {
            assertThat(guide).as("docs/guide/spring-boot.md's properties table").contains("| `" + key + "` |");
        }
    }

    /** Every writable property's key, nested groups walked (a list of roles is one key). */
    private static void collect(String prefix, Class<?> type, TreeSet<String> keys) throws Exception {
        for (PropertyDescriptor p : Introspector.getBeanInfo(type, Object.class).getPropertyDescriptors()) {
            String key = prefix + "." + kebab(p.getName());
            Method read = p.getReadMethod();
            Class<?> valueType = read.getReturnType();
            if (valueType.getEnclosingClass() == PartnerDelegationProperties.class && !valueType.isEnum()) {
                collect(key, valueType, keys);
            } else {
                keys.add(key);
            }
        }
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<String, String> properties() throws Exception {
        String json;
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the metadata the configuration processor writes").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Only the "properties" array: "groups" lists the nested groups under the same names.
        String section = json.substring(json.indexOf("\"properties\""));
        int hints = section.indexOf("\"hints\"");
        if (hints > 0) {
            section = section.substring(0, hints);
        }
        Map<String, String> entries = new TreeMap<>();
        Matcher m = ENTRY.matcher(section);
        while (m.find()) {
            entries.put(m.group(1), m.group(2));
        }
        return entries;
    }
}
