package io.loopshift.agent.listen;

import io.loopshift.agent.jdk.UnixCalls;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The file of a Unix socket loopshift listens on: bound with a stale file replaced and a live one
 * refused, given its mode, and removed only by the process that created it and only while the
 * file is still the one it created (same device and inode). A child that inherited the
 * descriptor, or another server that replaced the file since, never loses its socket to this
 * one's close (ip2unix#16 and #28 are that bug).
 */
final class SocketFile {
    private static final long PID = ProcessHandle.current().pid();

    private final String path;
    private final long device;
    private final long inode;
    private final long creatorPid;

    private SocketFile(String path, long device, long inode, long creatorPid) {
        this.path = path;
        this.device = device;
        this.inode = inode;
        this.creatorPid = creatorPid;
    }

    /** Thrown when another socket listens at the path: for an ephemeral bind, another port is tried. */
    static final class InUseException extends BindException {
        private static final long serialVersionUID = 1L;

        InUseException(String message) {
            super(message);
        }
    }

    String path() {
        return path;
    }

    /**
     * Binds {@code unix} to the path and gives the file its mode. A file already there is
     * replaced when it is a socket nobody listens on, and refused otherwise, with a
     * {@link BindException} naming the path and {@code owner} (the listen rule).
     */
    static SocketFile bind(FileDescriptor unix, String path, byte[] pathBytes, int mode, String owner) throws IOException {
        Path file = Paths.get(path);
        try {
            UnixCalls.bind(unix, pathBytes);
        } catch (IOException first) {
            if (!isAddressInUse(first)) {
                throw failed(path, owner, first);
            }
            replaceStale(file, pathBytes, owner);
            try {
                UnixCalls.bind(unix, pathBytes);
            } catch (IOException second) {
                throw isAddressInUse(second) ? inUse(path, owner) : failed(path, owner, second);
            }
        }
        try {
            Files.setPosixFilePermissions(file, permissions(mode));
            Map<String, Object> identity = Files.readAttributes(file, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
            return new SocketFile(path, (Long) identity.get("dev"), (Long) identity.get("ino"), PID);
        } catch (IOException unfinished) {
            // The file is ours and nobody listens on it yet: leave nothing behind.
            Files.deleteIfExists(file);
            throw failed(path, owner, unfinished);
        }
    }

    private static void replaceStale(Path file, byte[] pathBytes, String owner) throws IOException {
        String path = file.toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException goneMeanwhile) {
            return;
        }
        if (!attributes.isOther()) {
            throw new BindException("Address already in use: " + path + " of " + owner
                    + " exists and is not a socket; loopshift replaces only a socket file nobody listens on");
        }
        if (SocketProbe.isListenedOn(pathBytes, path, owner)) {
            throw inUse(path, owner);
        }
        try {
            Files.delete(file);
        } catch (NoSuchFileException goneMeanwhile) {
            // Another process removed it first; the bind will tell whether it also took the path.
        }
    }

    /**
     * Removes the file if this process created it and it is still that file. Called while the
     * listening descriptor is still open, so the inode cannot have been reused meanwhile.
     */
    boolean removeIfOurs() {
        if (creatorPid != PID) {
            return false;
        }
        Path file = Paths.get(path);
        try {
            Map<String, Object> identity = Files.readAttributes(file, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
            if ((Long) identity.get("dev") != device || (Long) identity.get("ino") != inode) {
                return false;
            }
            Files.delete(file);
            return true;
        } catch (IOException | RuntimeException goneOrReplaced) {
            return false;
        }
    }

    private static boolean isAddressInUse(IOException failure) {
        String message = failure.getMessage();
        return message != null && message.contains("Address already in use");
    }

    private static BindException inUse(String path, String owner) {
        return new InUseException("Address already in use: Unix socket " + path + " of " + owner + " is in use by another server");
    }

    private static BindException failed(String path, String owner, IOException cause) {
        BindException failure = new BindException("Cannot bind Unix socket " + path + " of " + owner + ": " + cause.getMessage()
                + (cause.getMessage() != null && cause.getMessage().contains("No such file") ? " (its directory must exist)" : ""));
        failure.initCause(cause);
        return failure;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(bits[bit]);
            }
        }
        return permissions;
    }
}
