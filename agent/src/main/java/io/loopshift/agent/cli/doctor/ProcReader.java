package io.loopshift.agent.cli.doctor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the four files the doctor needs under a /proc root: {@code net/tcp}, {@code net/tcp6},
 * {@code sys/net/ipv4/ip_local_port_range} and {@code sys/net/ipv4/tcp_tw_reuse}. All of them
 * belong to the network namespace of the process reading them, so the doctor must run in the
 * application's namespace (its container). The root is a parameter so tests can use fixtures.
 */
final class ProcReader {
    static final String TCP = "net/tcp";
    static final String TCP6 = "net/tcp6";
    static final String PORT_RANGE = "sys/net/ipv4/ip_local_port_range";
    static final String TW_REUSE = "sys/net/ipv4/tcp_tw_reuse";

    private final Path root;
    private final SocketTableParser parser;

    ProcReader(Path root, SocketTableParser parser) {
        this.root = root;
        this.parser = parser;
    }

    // ISO-8859-1 decodes any byte, so a stray byte makes a malformed line rather than an error.
    ProcSnapshot read() throws DoctorException {
        EphemeralRange range = EphemeralRange.parse(readSmall(PORT_RANGE), display(PORT_RANGE));
        TimeWaitReuse reuse = TimeWaitReuse.parse(readSmall(TW_REUSE), display(TW_REUSE));
        SocketTable tcp = readTable(TCP, true);
        // tcp6 is missing when the kernel runs without IPv6; there is simply nothing to count.
        SocketTable tcp6 = readTable(TCP6, false);
        return new ProcSnapshot(root.toString(), range, reuse, List.of(tcp, tcp6));
    }

    /**
     * One read of up to 4 KiB: a sysctl file answers a read at a non-zero offset with end of file,
     * so {@code Files.readString}, which starts with a one-byte read when the size is 0, gets "3".
     */
    private String readSmall(String file) throws DoctorException {
        try (InputStream in = Files.newInputStream(root.resolve(file))) {
            return new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    private SocketTable readTable(String file, boolean required) throws DoctorException {
        Path path = root.resolve(file);
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.ISO_8859_1)) {
            return parser.parse(file, reader);
        } catch (NoSuchFileException missing) {
            if (required) {
                throw cannotRead(file, missing);
            }
            return SocketTable.absent(file);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    private String display(String file) {
        return root.resolve(file).toString();
    }

    private DoctorException cannotRead(String file, IOException e) {
        String reason = e instanceof NoSuchFileException ? "it does not exist" : e.toString();
        return new DoctorException("cannot read " + display(file) + ": " + reason
                + " (the doctor needs Linux's /proc; --proc DIR reads another copy)", e);
    }
}
