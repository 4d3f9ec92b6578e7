package io.loopshift.agent.cli.doctor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/** The /proc fixtures under src/test/resources/doctor, and the doctor run over them as the command line would. */
final class Fixtures {
    private Fixtures() {
    }

    static Path proc(String name) {
        URL url = Fixtures.class.getResource("/doctor/" + name);
        if (url == null) {
            throw new IllegalStateException("no fixture doctor/" + name);
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A writable copy of a fixture, so a test can change one file. */
    static Path copy(String name, Path target) {
        Path source = proc(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static void write(Path proc, String file, String content) {
        try {
            Files.writeString(proc.resolve(file), content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProcSnapshot read(Path proc) throws DoctorException {
        return new ProcReader(proc, new SocketTableParser(new ProcAddressDecoder(ByteOrder.LITTLE_ENDIAN))).read();
    }

    static Diagnosis diagnose(String name) throws DoctorException {
        return Diagnosis.of(read(proc(name)));
    }

    /** Runs the command with fixture addresses decoded as little-endian, whatever this machine is. */
    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exitCode = DoctorCommand.run(args, outStream, errStream, ByteOrder.LITTLE_ENDIAN);
        }
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Run(int exitCode, String out, String err) {
    }
}
