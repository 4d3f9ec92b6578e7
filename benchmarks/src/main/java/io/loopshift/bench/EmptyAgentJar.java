package io.loopshift.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes a jar holding only {@code EmptyAgent}, with loopshift's agent manifest capabilities. */
final class EmptyAgentJar {
    private static final String CLASS = "io/loopshift/bench/apps/EmptyAgent.class";

    private EmptyAgentJar() {
    }

    static Path write(Path directory) throws IOException {
        Path jar = directory.resolve("empty-agent.jar");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Premain-Class", "io.loopshift.bench.apps.EmptyAgent");
        main.putValue("Can-Retransform-Classes", "true");
        main.putValue("Can-Redefine-Classes", "true");
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream in = EmptyAgentJar.class.getClassLoader().getResourceAsStream(CLASS)) {
            if (in == null) {
                throw new IOException(CLASS + " is not on the driver's class path");
            }
            out.putNextEntry(new JarEntry(CLASS));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
