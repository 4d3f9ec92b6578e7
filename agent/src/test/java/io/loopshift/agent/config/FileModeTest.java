package io.loopshift.agent.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FileModeTest {
    @Test
    void octalWithOrWithoutTheLeadingZero() throws ConfigException {
        assertEquals(0660, FileMode.parse("0660"));
        assertEquals(0660, FileMode.parse("660"));
        assertEquals(0, FileMode.parse("0"));
        assertEquals("0666", FileMode.format(FileMode.DEFAULT));
    }

    @Test
    void notAMode() {
        for (String text : new String[] {"", "rw-rw----", "0668", "66O", "06600"}) {
            ConfigException bad = assertThrows(ConfigException.class, () -> FileMode.parse(text), text);
            assertEquals("loopshift.listen.mode: '" + text + "' is not an octal file mode such as 0660 or 0666", bad.getMessage());
        }
        assertEquals("loopshift.listen.mode: '4666' sets bits other than rwx (setuid, setgid, sticky), which mean nothing on a socket; give e.g. 0660",
                assertThrows(ConfigException.class, () -> FileMode.parse("4666")).getMessage());
    }
}
