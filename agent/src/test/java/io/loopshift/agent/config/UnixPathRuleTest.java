package io.loopshift.agent.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UnixPathRuleTest {
    private final UnixPathRule linux = new UnixPathRule(107);

    @Test
    void absolutePathUpToTheLimitIsKept() throws ConfigException {
        String atLimit = "/" + "a".repeat(106);
        assertEquals(atLimit, linux.check(atLimit, "R"));
        assertEquals("/", linux.check("/", "R"));
    }

    @Test
    void oneByteOverTheLimit() {
        String over = "/" + "a".repeat(107);
        ConfigException bad = assertThrows(ConfigException.class, () -> linux.check(over, "R"));
        assertTrue(bad.getMessage().startsWith(RouteParser.PROPERTY + ": "), bad.getMessage());
        assertEquals("loopshift.routes: unix: path '" + over + "' in route 'R' is 108 bytes, longer than this platform's limit of 107 (sun_path); use a shorter path or a symlinked directory",
                bad.getMessage());
    }

    @Test
    void relative() {
        for (String path : new String[] {"app.sock", "./app.sock", "~/app.sock", " /app.sock"}) {
            ConfigException bad = assertThrows(ConfigException.class, () -> linux.check(path, "R"), path);
            assertEquals("loopshift.routes: unix: path '" + path + "' in route 'R' is relative; give an absolute path such as /run/app/app.sock", bad.getMessage());
        }
    }

    @Test
    void empty() {
        ConfigException bad = assertThrows(ConfigException.class, () -> linux.check("", "R"));
        assertEquals("loopshift.routes: route 'R' has an empty unix: path", bad.getMessage());
    }

    @Test
    void platformLimitIsSunPathMinusTheNul() throws ConfigException {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        int limit = os.contains("linux") ? 107 : 103;
        UnixPathRule here = UnixPathRule.forThisPlatform();
        here.check("/" + "b".repeat(limit - 1), "R");
        assertThrows(ConfigException.class, () -> here.check("/" + "b".repeat(limit), "R"));
    }
}
