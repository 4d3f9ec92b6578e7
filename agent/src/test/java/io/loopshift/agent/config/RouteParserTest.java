package io.loopshift.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every form {@code loopshift.routes} accepts, and every rejection with its exact message. The
 * messages are the user interface of a bad configuration, so they are compared whole.
 */
class RouteParserTest {
    private final RouteParser parser = new RouteParser(new UnixPathRule(107));

    private List<Route> parse(String value) throws ConfigException {
        return parser.parse(value);
    }

    private ConfigException reject(String value) {
        ConfigException bad = assertThrows(ConfigException.class, () -> parser.parse(value), value);
        assertTrue(bad.getMessage().startsWith(RouteParser.PROPERTY + ": "), bad.getMessage());
        assertTrue(bad.getMessage().startsWith("loopshift.routes: "), bad.getMessage());
        return bad;
    }

    private void assertRejected(String value, String expectedMessage) {
        assertEquals(expectedMessage, reject(value).getMessage());
    }

    // ---- accepted forms

    @Test
    void oneSourceRouteIsParsedIntoTypedParts() throws ConfigException {
        List<Route> routes = parse("127.0.0.1:3000->source:127.0.1.0/24");
        assertEquals(1, routes.size());
        Route route = routes.get(0);
        assertEquals(1, route.index());
        assertEquals("127.0.0.1:3000->source:127.0.1.0/24", route.text());
        assertEquals(new HostMatch("127.0.0.1", 0x7f000001, 0xffffffff, true, false), route.host());
        assertEquals(new PortRange(3000, 3000), route.ports());
        Action.Source source = assertInstanceOf(Action.Source.class, route.action());
        assertEquals("127.0.1.0/24", source.pool().toString());
        assertEquals(254, source.pool().size());
        assertEquals("127.0.0.1:3000", route.match());
        assertEquals("127.0.0.1:3000->source:127.0.1.0/24", route.toString());
    }

    @Test
    void destRouteWithRangePool() throws ConfigException {
        Route route = parse("127.0.0.1:8080->dest:127.0.0.2-127.0.3.254").get(0);
        Action.Dest dest = assertInstanceOf(Action.Dest.class, route.action());
        assertEquals("127.0.0.2", dest.pool().firstAddress());
        assertEquals("127.0.3.254", dest.pool().lastAddress());
        assertEquals(254 + 256 + 256 + 255, dest.pool().size());
    }

    @Test
    void unixRouteKeepsTheAbsolutePath() throws ConfigException {
        Route route = parse("localhost:5432->unix:/run/postgresql/.s.PGSQL.5432").get(0);
        Action.Unix unix = assertInstanceOf(Action.Unix.class, route.action());
        assertEquals("/run/postgresql/.s.PGSQL.5432", unix.path());
        assertEquals("unix", unix.kind());
    }

    @Test
    void ignoreRouteTakesNoArgument() throws ConfigException {
        List<Route> routes = parse("127.0.0.1:5432->ignore;127.0.0.1:*->source:127.0.1.0/24");
        assertInstanceOf(Action.Ignore.class, routes.get(0).action());
        assertEquals("ignore", routes.get(0).action().kind());
        assertEquals("127.0.0.1:5432->ignore", routes.get(0).toString());
        assertRejected("127.0.0.1:5432->ignore:127.0.1.0/24",
                "loopshift.routes: route '127.0.0.1:5432->ignore:127.0.1.0/24': ignore takes no argument (e.g. 127.0.0.1:5432->ignore before a wider route)");
    }

    @Test
    void abstractUnixSocketsAreRefusedWithTheReason() {
        assertRejected("127.0.0.1:6379->unix:@redis",
                "loopshift.routes: unix: path '@redis' in route '127.0.0.1:6379->unix:@redis' names an abstract socket, which loopshift cannot reach "
                        + "(the JDK adds a byte to abstract names); have the server listen on a path in a shared directory, such as /run/app/app.sock");
    }

    @Test
    void spacesAroundTheArrowAndTheRouteAreIgnored() throws ConfigException {
        Route route = parse("  127.0.0.1:3000   ->   source:127.0.1.0/24  ").get(0);
        assertEquals("127.0.0.1:3000   ->   source:127.0.1.0/24", route.text());
        assertEquals(new PortRange(3000, 3000), route.ports());
        assertEquals("127.0.1.0/24", ((Action.Source) route.action()).pool().toString());
    }

    @Test
    void tabsAndNewlinesAroundRoutesAreWhitespace() throws ConfigException {
        List<Route> routes = parse("127.0.0.1:1\t->\tsource:127.0.1.0/24,\n127.0.0.1:2 ->dest:127.0.2.0/24\n");
        assertEquals(2, routes.size());
        assertEquals(new PortRange(1, 1), routes.get(0).ports());
        assertEquals(new PortRange(2, 2), routes.get(1).ports());
    }

    @Test
    void spacesInsideTheMatchAndActionAreTrimmedPartByPart() throws ConfigException {
        Route route = parse("127.0.0.1 : 3000 - 3005 -> source : 127.0.1.0 / 24").get(0);
        assertEquals("127.0.0.1", route.host().text());
        assertEquals(new PortRange(3000, 3005), route.ports());
        assertEquals(254, ((Action.Source) route.action()).pool().size());
    }

    @Test
    void commasAndSemicolonsMixKeepingOrderAndIndexes() throws ConfigException {
        List<Route> routes = parse("127.0.0.1:1->source:127.0.1.0/24;127.0.0.1:2->dest:127.0.2.0/24 , 127.0.0.1:3->unix:/tmp/a.sock ; localhost:*->dest:127.0.3.0/24");
        assertEquals(4, routes.size());
        for (int i = 0; i < routes.size(); i++) {
            assertEquals(i + 1, routes.get(i).index());
        }
        assertEquals("127.0.0.1:1", routes.get(0).match());
        assertEquals("127.0.0.1:2", routes.get(1).match());
        assertEquals("127.0.0.1:3", routes.get(2).match());
        assertEquals("localhost:*", routes.get(3).match());
        assertInstanceOf(Action.Source.class, routes.get(0).action());
        assertInstanceOf(Action.Dest.class, routes.get(1).action());
        assertInstanceOf(Action.Unix.class, routes.get(2).action());
        assertInstanceOf(Action.Dest.class, routes.get(3).action());
    }

    @Test
    void overlappingRoutesAreKeptInTheOrderWritten() throws ConfigException {
        // first match wins at run time, so the parser must not reorder (e.g. most specific first)
        List<Route> routes = parse("127.0.0.0/8:*->dest:127.0.2.0/24,127.0.0.1:3000->source:127.0.1.0/24");
        assertEquals("127.0.0.0/8:*", routes.get(0).match());
        assertEquals("127.0.0.1:3000", routes.get(1).match());
    }

    @Test
    void starPortMeansAllPorts() throws ConfigException {
        assertEquals(new PortRange(1, 65535), parse("127.0.0.1:*->source:127.0.1.0/24").get(0).ports());
    }

    @Test
    void portRange() throws ConfigException {
        assertEquals(new PortRange(3000, 3999), parse("127.0.0.1:3000-3999->source:127.0.1.0/24").get(0).ports());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "LocalHost"})
    void localhostInAnyCaseCoversIpv4LoopbackAndIpv6Loopback(String host) throws ConfigException {
        HostMatch match = parse(host + ":*->dest:127.0.2.0/24").get(0).host();
        assertEquals(new HostMatch("localhost", 0x7f000000, 0xff000000, true, true), match);
    }

    @Test
    void ipv6LoopbackMatch() throws ConfigException {
        Route route = parse("[::1]:8080->unix:/tmp/x.sock").get(0);
        assertEquals(new HostMatch("[::1]", 0, 0, false, true), route.host());
        assertEquals("[::1]:8080", route.match());
        assertTrue(route.matchesIpv6Loopback(8080));
    }

    @Test
    void ipv6LoopbackMatchWithUnixAction() throws ConfigException {
        assertInstanceOf(Action.Unix.class, parse("[::1]:*->unix:/tmp/x.sock").get(0).action());
    }

    @Test
    void cidrHost() throws ConfigException {
        HostMatch match = parse("127.0.0.0/8:*->source:127.0.1.0/24").get(0).host();
        assertEquals(new HostMatch("127.0.0.0/8", 0x7f000000, 0xff000000, true, false), match);
        HostMatch narrow = parse("127.0.5.0/24:80->source:127.0.1.0/24").get(0).host();
        assertEquals(0x7f000500, narrow.network());
        assertEquals(0xffffff00, narrow.mask());
    }

    @Test
    void actionKindMayHaveSpacesBeforeTheColon() throws ConfigException {
        assertInstanceOf(Action.Dest.class, parse("127.0.0.1:1->dest :127.0.2.0/24").get(0).action());
    }

    @Test
    void localhostWithSourceIsAcceptedBecauseItCoversIpv4() throws ConfigException {
        assertInstanceOf(Action.Source.class, parse("localhost:*->source:127.0.1.0/24").get(0).action());
    }

    @Test
    void sameHostDifferentPortsAreNotDuplicates() throws ConfigException {
        assertEquals(2, parse("127.0.0.1:1-10->source:127.0.1.0/24,127.0.0.1:11-20->source:127.0.1.0/24").size());
    }

    @Test
    void localhostAndIpv6LoopbackWithSamePortsAreNotDuplicates() throws ConfigException {
        // localhost:* covers ::1 too, but a source: localhost route passes ::1 on, so [::1] can still apply
        assertEquals(2, parse("localhost:*->source:127.0.1.0/24,[::1]:*->unix:/tmp/x.sock").size());
    }

    @Test
    void resultIsImmutable() throws ConfigException {
        List<Route> routes = parse("127.0.0.1:1->source:127.0.1.0/24");
        assertThrows(UnsupportedOperationException.class, () -> routes.add(routes.get(0)));
    }

    // ---- rejections

    @Test
    void emptyValue() {
        assertRejected("", "loopshift.routes: is empty; give at least one route such as 127.0.0.1:3000->source:127.0.1.0/24, or remove the property");
        assertRejected("  \t ", "loopshift.routes: is empty; give at least one route such as 127.0.0.1:3000->source:127.0.1.0/24, or remove the property");
    }

    @Test
    void emptyRouteBetweenSeparators() {
        assertRejected("127.0.0.1:1->source:127.0.1.0/24,,127.0.0.1:2->source:127.0.1.0/24",
                "loopshift.routes: has an empty route in '127.0.0.1:1->source:127.0.1.0/24,,127.0.0.1:2->source:127.0.1.0/24' (two separators in a row, or one at an end)");
        assertRejected("127.0.0.1:1->source:127.0.1.0/24; ;127.0.0.1:2->source:127.0.1.0/24",
                "loopshift.routes: has an empty route in '127.0.0.1:1->source:127.0.1.0/24; ;127.0.0.1:2->source:127.0.1.0/24' (two separators in a row, or one at an end)");
    }

    @Test
    void separatorAtEitherEnd() {
        assertRejected("127.0.0.1:1->source:127.0.1.0/24;",
                "loopshift.routes: has an empty route in '127.0.0.1:1->source:127.0.1.0/24;' (two separators in a row, or one at an end)");
        assertRejected(",127.0.0.1:1->source:127.0.1.0/24",
                "loopshift.routes: has an empty route in ',127.0.0.1:1->source:127.0.1.0/24' (two separators in a row, or one at an end)");
    }

    @Test
    void noArrow() {
        assertRejected("127.0.0.1:3000",
                "loopshift.routes: route '127.0.0.1:3000' has no '->' (expected <host>:<port>-><action>, e.g. 127.0.0.1:3000->source:127.0.1.0/24)");
        assertRejected("127.0.0.1:3000=>source:127.0.1.0/24",
                "loopshift.routes: route '127.0.0.1:3000=>source:127.0.1.0/24' has no '->' (expected <host>:<port>-><action>, e.g. 127.0.0.1:3000->source:127.0.1.0/24)");
        assertRejected("127.0.0.1:3000- >source:127.0.1.0/24",
                "loopshift.routes: route '127.0.0.1:3000- >source:127.0.1.0/24' has no '->' (expected <host>:<port>-><action>, e.g. 127.0.0.1:3000->source:127.0.1.0/24)");
    }

    @Test
    void noPort() {
        assertRejected("127.0.0.1->source:127.0.1.0/24",
                "loopshift.routes: match '127.0.0.1' in route '127.0.0.1->source:127.0.1.0/24' has no port (expected <host>:<port>, e.g. 127.0.0.1:3000 or localhost:*)");
        assertRejected("[::1]->dest:127.0.2.0/24",
                "loopshift.routes: match '[::1]' in route '[::1]->dest:127.0.2.0/24' has no port (expected <host>:<port>, e.g. 127.0.0.1:3000 or localhost:*)");
    }

    @Test
    void nonLoopbackHost() {
        assertRejected("10.0.0.1:3000->source:127.0.1.0/24",
                "loopshift.routes: host '10.0.0.1' in route '10.0.0.1:3000->source:127.0.1.0/24' is not loopback (must lie in 127.0.0.0/8): loopshift only rewrites connections to this machine");
        assertRejected("0.0.0.0/0:*->dest:127.0.2.0/24",
                "loopshift.routes: host '0.0.0.0/0' in route '0.0.0.0/0:*->dest:127.0.2.0/24' is not loopback (must lie in 127.0.0.0/8): loopshift only rewrites connections to this machine");
        assertRejected("127.0.0.0/7:*->dest:127.0.2.0/24",
                "loopshift.routes: host '127.0.0.0/7' in route '127.0.0.0/7:*->dest:127.0.2.0/24' is not loopback (must lie in 127.0.0.0/8): loopshift only rewrites connections to this machine");
    }

    @Test
    void hostThatIsNoAddress() {
        assertRejected("example.com:80->source:127.0.1.0/24",
                "loopshift.routes: host 'example.com' in route 'example.com:80->source:127.0.1.0/24' is not localhost, [::1], an IPv4 loopback address or a CIDR such as 127.0.0.0/8");
        assertRejected("[::2]:80->dest:127.0.2.0/24",
                "loopshift.routes: host '[::2]' in route '[::2]:80->dest:127.0.2.0/24' is not localhost, [::1], an IPv4 loopback address or a CIDR such as 127.0.0.0/8");
        assertRejected("127.0.0.256:80->dest:127.0.2.0/24",
                "loopshift.routes: host '127.0.0.256' in route '127.0.0.256:80->dest:127.0.2.0/24' is not localhost, [::1], an IPv4 loopback address or a CIDR such as 127.0.0.0/8");
        assertRejected("127.1:80->dest:127.0.2.0/24",
                "loopshift.routes: host '127.1' in route '127.1:80->dest:127.0.2.0/24' is not localhost, [::1], an IPv4 loopback address or a CIDR such as 127.0.0.0/8");
        assertRejected(":80->dest:127.0.2.0/24",
                "loopshift.routes: host '' in route ':80->dest:127.0.2.0/24' is not localhost, [::1], an IPv4 loopback address or a CIDR such as 127.0.0.0/8");
        assertRejected("127.0.0. 1:80->dest:127.0.2.0/24",
                "loopshift.routes: host '127.0.0. 1' in route '127.0.0. 1:80->dest:127.0.2.0/24' is not localhost, [::1], an IPv4 loopback address or a CIDR such as 127.0.0.0/8");
    }

    @Test
    void hostCidrWithBadPrefix() {
        assertRejected("127.0.0.0/33:*->dest:127.0.2.0/24",
                "loopshift.routes: '127.0.0.0/33' in route '127.0.0.0/33:*->dest:127.0.2.0/24' has prefix length 33 (max 32)");
        assertRejected("127.0.0.0/:*->dest:127.0.2.0/24",
                "loopshift.routes: '127.0.0.0/' in route '127.0.0.0/:*->dest:127.0.2.0/24' has no valid prefix length (0-32)");
        assertRejected("127.0.0.0/x:*->dest:127.0.2.0/24",
                "loopshift.routes: '127.0.0.0/x' in route '127.0.0.0/x:*->dest:127.0.2.0/24' has no valid prefix length (0-32)");
    }

    @Test
    void badPorts() {
        assertRejected("127.0.0.1:0->source:127.0.1.0/24",
                "loopshift.routes: port 0 is outside 1-65535 in route '127.0.0.1:0->source:127.0.1.0/24'");
        assertRejected("127.0.0.1:65536->source:127.0.1.0/24",
                "loopshift.routes: port 65536 is outside 1-65535 in route '127.0.0.1:65536->source:127.0.1.0/24'");
        assertRejected("127.0.0.1:http->source:127.0.1.0/24",
                "loopshift.routes: 'http' is not a port (1-65535, lo-hi or *) in route '127.0.0.1:http->source:127.0.1.0/24'");
        assertRejected("127.0.0.1:->source:127.0.1.0/24",
                "loopshift.routes: '' is not a port (1-65535, lo-hi or *) in route '127.0.0.1:->source:127.0.1.0/24'");
        assertRejected("127.0.0.1:-1->source:127.0.1.0/24",
                "loopshift.routes: '' is not a port (1-65535, lo-hi or *) in route '127.0.0.1:-1->source:127.0.1.0/24'");
        assertRejected("127.0.0.1:9000-8000->source:127.0.1.0/24",
                "loopshift.routes: port range '9000-8000' is empty (low > high) in route '127.0.0.1:9000-8000->source:127.0.1.0/24'");
        assertRejected("127.0.0.1:**->source:127.0.1.0/24",
                "loopshift.routes: '**' is not a port (1-65535, lo-hi or *) in route '127.0.0.1:**->source:127.0.1.0/24'");
        assertRejected("127.0.0.1:1-*->source:127.0.1.0/24",
                "loopshift.routes: '*' is not a port (1-65535, lo-hi or *) in route '127.0.0.1:1-*->source:127.0.1.0/24'");
    }

    @Test
    void ipv6LoopbackCannotTakeASourcePool() {
        assertRejected("[::1]:8080->source:127.0.1.0/24",
                "loopshift.routes: route '[::1]:8080->source:127.0.1.0/24' binds an IPv4 source to an IPv6 destination: source: needs an IPv4 match ([::1] cannot take an IPv4 source address)");
        assertRejected("[::1]:8080->dest:127.0.2.0/24",
                "loopshift.routes: route '[::1]:8080->dest:127.0.2.0/24' rotates an IPv6 destination over IPv4 addresses: dest: needs an IPv4 match"
                        + " (a server on ::1 is not the one on 127.x; unix: can serve [::1])");
    }

    @Test
    void unknownActions() {
        assertRejected("127.0.0.1:1->bind:127.0.1.0/24",
                "loopshift.routes: route '127.0.0.1:1->bind:127.0.1.0/24' has unknown action 'bind:127.0.1.0/24' (expected source:<pool>, dest:<pool>, unix:<path> or ignore, in lower case)");
        assertRejected("127.0.0.1:1->SOURCE:127.0.1.0/24",
                "loopshift.routes: route '127.0.0.1:1->SOURCE:127.0.1.0/24' has unknown action 'SOURCE:127.0.1.0/24' (expected source:<pool>, dest:<pool>, unix:<path> or ignore, in lower case)");
        assertRejected("127.0.0.1:1->source",
                "loopshift.routes: route '127.0.0.1:1->source' has an empty address pool");
    }

    @Test
    void missingAction() {
        ConfigException bad = reject("127.0.0.1:1->");
        assertTrue(bad.getMessage().contains("'127.0.0.1:1->'"), bad.getMessage());
    }

    @Test
    void poolRejectionsReachTheParser() {
        assertRejected("127.0.0.1:1->source:10.0.0.0/24",
                "loopshift.routes: address pool '10.0.0.0/24' in route '127.0.0.1:1->source:10.0.0.0/24' is not loopback (every address must lie in 127.0.0.0/8)");
        assertRejected("127.0.0.1:1->dest:",
                "loopshift.routes: route '127.0.0.1:1->dest:' has an empty address pool");
        assertRejected("127.0.0.1:1->dest:127.0.0.9-127.0.0.2",
                "loopshift.routes: address pool '127.0.0.9-127.0.0.2' in route '127.0.0.1:1->dest:127.0.0.9-127.0.0.2' is empty (first address after last)");
    }

    @Test
    void twoArrowsLeaveTheSecondInThePool() {
        assertRejected("127.0.0.1:1->source:127.0.1.0/24->dest:127.0.2.0/24",
                "loopshift.routes: '127.0.1.0/24->dest:127.0.2.0/24' in route '127.0.0.1:1->source:127.0.1.0/24->dest:127.0.2.0/24' has no valid prefix length (0-32)");
    }

    @Test
    void unixPathRejectionsReachTheParser() {
        assertRejected("127.0.0.1:1->unix:",
                "loopshift.routes: route '127.0.0.1:1->unix:' has an empty unix: path");
        assertRejected("127.0.0.1:1->unix:run/app.sock",
                "loopshift.routes: unix: path 'run/app.sock' in route '127.0.0.1:1->unix:run/app.sock' is relative; give an absolute path such as /run/app/app.sock");
        String longPath = "/" + "a".repeat(107);
        assertRejected("127.0.0.1:1->unix:" + longPath,
                "loopshift.routes: unix: path '" + longPath + "' in route '127.0.0.1:1->unix:" + longPath
                        + "' is 108 bytes, longer than this platform's limit of 107 (sun_path); use a shorter path or a symlinked directory");
    }

    @Test
    void duplicateMatch() {
        assertRejected("127.0.0.1:3000->source:127.0.1.0/24;127.0.0.1:3000->dest:127.0.2.0/24",
                "loopshift.routes: route '127.0.0.1:3000->dest:127.0.2.0/24' repeats the match of route 1 '127.0.0.1:3000->source:127.0.1.0/24' (first match wins, so it could never apply)");
    }

    @Test
    void duplicateMatchIsFoundAcrossOtherRoutes() {
        assertRejected("127.0.0.1:1->source:127.0.1.0/24,127.0.0.2:1->source:127.0.1.0/24,127.0.0.2:1->dest:127.0.2.0/24",
                "loopshift.routes: route '127.0.0.2:1->dest:127.0.2.0/24' repeats the match of route 2 '127.0.0.2:1->source:127.0.1.0/24' (first match wins, so it could never apply)");
    }

    @Test
    void duplicateMatchDifferingOnlyInCaseOrPortSpelling() {
        assertRejected("localhost:*->dest:127.0.2.0/24,LOCALHOST:*->source:127.0.1.0/24",
                "loopshift.routes: route 'LOCALHOST:*->source:127.0.1.0/24' repeats the match of route 1 'localhost:*->dest:127.0.2.0/24' (first match wins, so it could never apply)");
        assertRejected("127.0.0.1:*->dest:127.0.2.0/24,127.0.0.1:1-65535->source:127.0.1.0/24",
                "loopshift.routes: route '127.0.0.1:1-65535->source:127.0.1.0/24' repeats the match of route 1 '127.0.0.1:*->dest:127.0.2.0/24' (first match wins, so it could never apply)");
        assertRejected("[::1]:80->unix:/tmp/b.sock,[::1]:80->unix:/tmp/a.sock",
                "loopshift.routes: route '[::1]:80->unix:/tmp/a.sock' repeats the match of route 1 '[::1]:80->unix:/tmp/b.sock' (first match wins, so it could never apply)");
    }

    @Test
    void duplicateMatchSpelledAsSingleAddressAndSlash32() {
        ConfigException bad = reject("127.0.0.1:80->source:127.0.1.0/24,127.0.0.1/32:80->dest:127.0.2.0/24");
        assertTrue(bad.getMessage().contains("repeats the match of route 1"), bad.getMessage());
    }

    @Test
    void duplicateMatchSpelledWithHostBitsInTheCidr() {
        ConfigException bad = reject("127.0.0.0/8:*->source:127.0.1.0/24,127.1.2.3/8:*->dest:127.0.2.0/24");
        assertTrue(bad.getMessage().contains("repeats the match of route 1"), bad.getMessage());
    }

    @Test
    void firstErrorWinsAndLaterRoutesAreNotReported() {
        ConfigException bad = reject("10.0.0.1:1->source:127.0.1.0/24,127.0.0.1:0->source:127.0.1.0/24");
        assertTrue(bad.getMessage().contains("'10.0.0.1'"), bad.getMessage());
    }
}
