package io.loopshift.launcher;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The entry class a JVM reads first must be readable by Java 8 and must name nothing a Java 8
 * JVM lacks, so that on an old JVM it can print its one line and return.
 */
class LauncherClassFileTest {
    /** Every class the entry class may name: all of them exist in Java 8 (javac --release 8 checks their members). */
    private static final Set<String> JAVA_8_CLASSES = Set.of(
            "io/loopshift/launcher/AgentLauncher", "java/lang/Object", "java/lang/System", "java/lang/Class",
            "java/lang/String", "[Ljava/lang/String;", "java/lang/StringBuilder", "java/lang/Integer",
            "java/lang/NumberFormatException", "java/lang/Throwable", "java/io/PrintStream",
            "java/lang/reflect/Method", "java/lang/reflect/InvocationTargetException",
            "java/lang/instrument/Instrumentation", "java/lang/SecurityException", "java/lang/ClassNotFoundException",
            "java/lang/Exception", "java/lang/RuntimeException");

    @Test
    void entryClassIsJava8Bytecode() throws IOException {
        assertEquals(52, classFile().majorVersion, "class-file major version of AgentLauncher (52 = Java 8)");
    }

    @Test
    void entryClassNamesOnlyJava8Classes() throws IOException {
        Set<String> unexpected = new TreeSet<>(classFile().classNames);
        unexpected.removeAll(JAVA_8_CLASSES);
        assertTrue(unexpected.isEmpty(), "AgentLauncher names classes outside the Java 8 list: " + unexpected);
    }

    @Test
    void olderJvmsAreRefusedWithOneLine() {
        assertEquals("[loopshift] ERROR this JVM is Java 8; loopshift needs Java 17 or later -- the JVM continues without loopshift",
                AgentLauncher.refusal("1.8"));
        assertEquals("[loopshift] ERROR this JVM is Java 11; loopshift needs Java 17 or later -- the JVM continues without loopshift",
                AgentLauncher.refusal("11"));
        assertNotNull(AgentLauncher.refusal("16"));
    }

    @Test
    void java17AndLaterPass() {
        assertNull(AgentLauncher.refusal("17"));
        assertNull(AgentLauncher.refusal("25"));
        assertNull(AgentLauncher.refusal(System.getProperty("java.specification.version")));
    }

    @Test
    void versionsAreReadAsTheirFeatureNumberAndAnythingElseAsUnreadable() {
        assertEquals(8, AgentLauncher.feature("1.8"));
        assertEquals(17, AgentLauncher.feature("17"));
        assertEquals(25, AgentLauncher.feature("25.0.1"));
        assertEquals(0, AgentLauncher.feature(null));
        assertEquals(0, AgentLauncher.feature(""));
        assertEquals(0, AgentLauncher.feature("1."));
        assertEquals(0, AgentLauncher.feature("abc"));
        assertEquals(0, AgentLauncher.feature("-17"));
        assertEquals(0, AgentLauncher.feature("99999999999"));
        assertNull(AgentLauncher.refusal("abc"), "an unreadable version is no reason to refuse");
    }

    private static ClassFile classFile() throws IOException {
        try (InputStream in = AgentLauncher.class.getResourceAsStream("AgentLauncher.class")) {
            assertNotNull(in, "AgentLauncher.class");
            return ClassFile.read(new DataInputStream(in));
        }
    }

    /** The class-file version and the CONSTANT_Class names, read as the JVM specification lays them out. */
    private record ClassFile(int majorVersion, List<String> classNames) {
        static ClassFile read(DataInputStream in) throws IOException {
            assertEquals(0xCAFEBABE, in.readInt(), "magic");
            in.readUnsignedShort();
            int major = in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            List<Integer> classIndexes = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classIndexes.add(in.readUnsignedShort());
                    case 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    case 5, 6 -> {
                        in.readLong();
                        i++;
                    }
                    default -> throw new IOException("unknown constant tag " + tag);
                }
            }
            List<String> names = new ArrayList<>();
            for (int index : classIndexes) {
                names.add(utf8[index]);
            }
            return new ClassFile(major, names);
        }
    }
}
