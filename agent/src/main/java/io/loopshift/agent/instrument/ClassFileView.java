package io.loopshift.agent.instrument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Read access to a class file without a class-file library: where each constant-pool entry
 * starts, and where a method's attributes are. Enough for the patches that change a class in
 * place ({@link CallSitePatch}, {@link EntryHookPatch}); everything else is copied as bytes.
 */
final class ClassFileView {
    static final int UTF8 = 1;
    static final int CLASS = 7;
    static final int METHODREF = 10;
    static final int NAME_AND_TYPE = 12;

    final byte[] file;
    private final int[] offsets;
    private final byte[] tags;
    /** Offset of the first byte after the constant pool (the access flags). */
    final int poolEnd;

    ClassFileView(byte[] file) throws IOException {
        this.file = file;
        int count = u2(8);
        offsets = new int[count];
        tags = new byte[count];
        int at = 10;
        for (int i = 1; i < count; i++) {
            int tag = file[at] & 0xff;
            offsets[i] = at;
            tags[i] = (byte) tag;
            switch (tag) {
                case UTF8 -> at += 3 + u2(at + 1);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> at += 5;
                case 5, 6 -> {
                    at += 9;
                    i++;
                }
                case 7, 8, 16, 19, 20 -> at += 3;
                case 15 -> at += 4;
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        poolEnd = at;
    }

    /** The number of constant-pool slots, which is the index the next added constant gets. */
    int poolCount() {
        return offsets.length;
    }

    int tag(int index) {
        return tags[index];
    }

    /** Offset of the entry's first byte after its tag. */
    int entry(int index) {
        return offsets[index] + 1;
    }

    boolean utf8Is(int index, String expected) {
        if (index <= 0 || index >= offsets.length || tags[index] != UTF8) {
            return false;
        }
        int at = offsets[index];
        int length = u2(at + 1);
        // Names and descriptors here are ASCII, which modified UTF-8 stores as is.
        return length == expected.length() && new String(file, at + 3, length, StandardCharsets.ISO_8859_1).equals(expected);
    }

    /** The index of a UTF8 constant with this text, or 0. */
    int findUtf8(String text) {
        for (int i = 1; i < offsets.length; i++) {
            if (utf8Is(i, text)) {
                return i;
            }
        }
        return 0;
    }

    int u2(int at) {
        return ((file[at] & 0xff) << 8) | (file[at + 1] & 0xff);
    }

    int u4(int at) {
        return ((file[at] & 0xff) << 24) | ((file[at + 1] & 0xff) << 16) | ((file[at + 2] & 0xff) << 8) | (file[at + 3] & 0xff);
    }

    /** Offset of the methods_count item. */
    int methodsStart() {
        int at = poolEnd + 6;
        at += 2 + 2 * u2(at);                      // interfaces
        int fields = u2(at);
        at += 2;
        for (int f = 0; f < fields; f++) {
            at = afterMember(at);
        }
        return at;
    }

    /** Offset just after the member (field or method) that starts at {@code at}. */
    int afterMember(int at) {
        int attributes = u2(at + 6);
        at += 8;
        for (int a = 0; a < attributes; a++) {
            at += 6 + u4(at + 2);
        }
        return at;
    }

    /** Offset of the method's {@code method_info}, or -1 when the class has no such method. */
    int method(String name, String descriptor) {
        int at = methodsStart();
        int methods = u2(at);
        at += 2;
        for (int m = 0; m < methods; m++) {
            if (utf8Is(u2(at + 2), name) && utf8Is(u2(at + 4), descriptor)) {
                return at;
            }
            at = afterMember(at);
        }
        return -1;
    }

    /** Offset of the Code attribute of the method at {@code method}, or -1 (abstract, native). */
    int codeAttribute(int method) {
        int attributes = u2(method + 6);
        int at = method + 8;
        for (int a = 0; a < attributes; a++) {
            if (utf8Is(u2(at), "Code")) {
                return at;
            }
            at += 6 + u4(at + 2);
        }
        return -1;
    }
}
