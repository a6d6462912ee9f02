package io.nsaas.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SpiVersionTest {

    @Test
    void currentEqualsTheBuildsSpiVersion() {
        String built = System.getProperty("nsaas.spi.version");
        assertNotNull(built, "surefire must pass nsaas.spi.version (plugin-api/pom.xml systemPropertyVariables)");
        assertEquals(built, SpiVersion.CURRENT, "SpiVersion.CURRENT must equal the parent pom's nsaas.spi.version");
    }

    @Test
    void filteredResourceCarriesTheSameVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = SpiVersion.class.getResourceAsStream("spi-version.properties")) {
            assertNotNull(in, "io/nsaas/spi/spi-version.properties is missing");
            properties.load(in);
        }
        assertEquals(SpiVersion.CURRENT, properties.getProperty("spi.version"));
    }

    @Test
    void majorIsTheFirstComponentOfCurrent() {
        assertEquals(Integer.toString(SpiVersion.MAJOR), SpiVersion.CURRENT.substring(0, SpiVersion.CURRENT.indexOf('.')));
    }
}
