package io.loopshift.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Packs {@link HandlerFailureReport} from the test classes into an agent jar, once per test run. */
final class ReportAgentJar {
    private static Path jar;

    private ReportAgentJar() {
    }

    static synchronized Path path() {
        if (jar == null) {
            jar = build();
        }
        return jar;
    }

    private static Path build() {
        String entry = HandlerFailureReport.class.getName().replace('.', '/') + ".class";
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", HandlerFailureReport.class.getName());
        try {
            Path built = Files.createTempFile("loopshift-report-agent", ".jar");
            built.toFile().deleteOnExit();
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(built), manifest)) {
                out.putNextEntry(new JarEntry(entry));
                Files.copy(ChildJvm.testClasses().resolve(entry), out);
            }
            return built;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
