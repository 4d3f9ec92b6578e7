package io.loopshift.agent.instrument;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Added UTF8 constants are encoded exactly as the class file format (and DataOutputStream.writeUTF) encode them. */
class ConstantPoolAdditionsTest {

    @Test
    void utf8ConstantsMatchTheModifiedUtf8OfTheJdk() throws IOException {
        for (String text : new String[] {"io/netty/channel/epoll/Native", "", "a\0b", "caf\u00e9", "\u20ac", "x\ud83d\ude00y", "\u07ff\u0800"}) {
            assertArrayEquals(asTheJdkWritesIt(text), added(text), text);
        }
    }

    @Test
    void aConstantTooLongForAClassFileIsRefused() throws IOException {
        char[] long3 = new char[0x5556];
        Arrays.fill(long3, '\u20ac');
        ConstantPoolAdditions additions = new ConstantPoolAdditions(new ClassFileView(ownClassFile()));
        assertThrows(IOException.class, () -> additions.utf8(new String(long3)));
    }

    private static byte[] added(String text) throws IOException {
        ClassFileView view = new ClassFileView(ownClassFile());
        ConstantPoolAdditions additions = new ConstantPoolAdditions(view);
        assertEquals(view.poolCount(), additions.utf8(text));
        byte[] file = additions.classFileWith(new byte[0]);
        return Arrays.copyOfRange(file, view.poolEnd, file.length);
    }

    private static byte[] asTheJdkWritesIt(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(ClassFileView.UTF8);
        out.writeUTF(text);
        return bytes.toByteArray();
    }

    private static byte[] ownClassFile() throws IOException {
        try (InputStream in = ConstantPoolAdditionsTest.class.getResourceAsStream("ConstantPoolAdditionsTest.class")) {
            return in.readAllBytes();
        }
    }
}
