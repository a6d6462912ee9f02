package io.nsaas.guest.jdk;

import io.nsaas.guest.api.Guest;
import java.io.IOException;

/** Where the JDK integration gets its {@link Guest} when it opens a socket ({@link GuestBinding#current} in production). */
@FunctionalInterface
interface GuestSource {

    /** @return the attached guest; throws when none is attached */
    Guest guest() throws IOException;
}
