package io.loopshift.agent.cli.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Unix sockets that JVMs running loopshift listen on ({@code loopshift.listen}), found
 * without any file of the agent's own: the listening, named sockets of {@code net/unix}, owned
 * by a process whose command line names loopshift (its {@code -javaagent} jar or a
 * {@code -Dloopshift.} property). Only processes whose descriptors this user may read are seen
 * (the same user, or root); an agent attached later to a JVM started without loopshift on its
 * command line is not.
 */
final class LoopshiftListeners {
    /** __SO_ACCEPTCON in net/unix's Flags column: the socket listens. */
    private static final int ACCEPTS_CONNECTIONS = 0x10000;

    /** A listening Unix socket and the process holding it. */
    record Listening(long pid, String path) {
    }

    private LoopshiftListeners() {
    }

    static List<Listening> scan(Path procRoot) {
        Map<String, String> pathByInode = listeningSockets(procRoot.resolve("net/unix"));
        List<Listening> found = new ArrayList<>();
        if (pathByInode.isEmpty()) {
            return found;
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(procRoot, "[0-9]*")) {
            for (Path process : processes) {
                if (runsLoopshift(process)) {
                    addSocketsOf(process, pathByInode, found);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // No process list under this root (a fixture): nothing to show.
        }
        found.sort((a, b) -> a.path().compareTo(b.path()));
        return found;
    }

    /** inode to path of every listening socket with a path (Num RefCount Protocol Flags Type St Inode Path). */
    static Map<String, String> listeningSockets(Path netUnix) {
        Map<String, String> sockets = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(netUnix, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException unreadable) {
            return sockets;
        }
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+", 8);
            if (fields.length < 8 || !fields[7].startsWith("/")) {
                continue;
            }
            try {
                if ((Integer.parseInt(fields[3], 16) & ACCEPTS_CONNECTIONS) != 0) {
                    sockets.put(fields[6], fields[7]);
                }
            } catch (NumberFormatException header) {
                // the first line names the columns
            }
        }
        return sockets;
    }

    private static boolean runsLoopshift(Path process) {
        try {
            String commandLine = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.ISO_8859_1);
            return commandLine.contains("loopshift");
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    private static void addSocketsOf(Path process, Map<String, String> pathByInode, List<Listening> found) {
        long pid = Long.parseLong(process.getFileName().toString());
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path descriptor : descriptors) {
                String target;
                try {
                    target = Files.readSymbolicLink(descriptor).toString();
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if (target.startsWith("socket:[")) {
                    String path = pathByInode.get(target.substring("socket:[".length(), target.length() - 1));
                    if (path != null) {
                        found.add(new Listening(pid, path));
                    }
                }
            }
        } catch (IOException | RuntimeException notOurs) {
            // Another user's process: its descriptors cannot be read.
        }
    }
}
