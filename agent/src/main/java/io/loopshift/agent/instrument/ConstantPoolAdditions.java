package io.loopshift.agent.instrument;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Constants added at the end of a class's constant pool, so that no existing index moves and the
 * rest of the class file can be copied as it is. Written byte by byte rather than through a
 * {@code DataOutputStream}, whose JDK 25 implementation initialises the byte-array var handles
 * inside premain.
 */
final class ConstantPoolAdditions {
    private final ClassFileView view;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int next;

    ConstantPoolAdditions(ClassFileView view) {
        this.view = view;
        this.next = view.poolCount();
    }

    int utf8(String text) throws IOException {
        bytes.write(ClassFileView.UTF8);
        writeModifiedUtf8(text);
        return take(1);
    }

    int classRef(String internalName) throws IOException {
        int name = utf8(internalName);
        bytes.write(ClassFileView.CLASS);
        writeShort(name);
        return take(1);
    }

    /** A method reference whose descriptor is an existing UTF8 constant. */
    int methodRef(int classRef, String name, int descriptor) throws IOException {
        int nameIndex = utf8(name);
        bytes.write(ClassFileView.NAME_AND_TYPE);
        writeShort(nameIndex);
        writeShort(descriptor);
        int nameAndType = take(1);
        bytes.write(ClassFileView.METHODREF);
        writeShort(classRef);
        writeShort(nameAndType);
        return take(1);
    }

    int methodRef(int classRef, String name, String descriptor) throws IOException {
        return methodRef(classRef, name, utf8(descriptor));
    }

    private void writeShort(int value) {
        bytes.write(value >>> 8);
        bytes.write(value);
    }

    /** The class file's string form: as UTF-8, except that U+0000 takes two bytes and supplementary characters six. */
    private void writeModifiedUtf8(String text) throws IOException {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            length += c >= 1 && c <= 0x7F ? 1 : c <= 0x7FF ? 2 : 3;
        }
        if (length > 0xFFFF) {
            throw new IOException("a constant longer than a class file allows: " + length + " bytes");
        }
        writeShort(length);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 1 && c <= 0x7F) {
                bytes.write(c);
            } else if (c <= 0x7FF) {
                bytes.write(0xC0 | c >> 6);
                bytes.write(0x80 | c & 0x3F);
            } else {
                bytes.write(0xE0 | c >> 12);
                bytes.write(0x80 | c >> 6 & 0x3F);
                bytes.write(0x80 | c & 0x3F);
            }
        }
    }

    private int take(int slots) throws IOException {
        int index = next;
        next += slots;
        if (next > 0xffff) {
            throw new IOException("constant pool full");
        }
        return index;
    }

    /** The class file with the constants added: its header and pool, the additions, then {@code rest}. */
    byte[] classFileWith(byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(view.poolEnd + bytes.size() + rest.length);
        out.write(view.file, 0, 8);
        out.write(next >> 8);
        out.write(next);
        out.write(view.file, 10, view.poolEnd - 10);
        out.write(bytes.toByteArray(), 0, bytes.size());
        out.write(rest, 0, rest.length);
        return out.toByteArray();
    }
}
