package io.loopshift.agent.instrument;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Constants added at the end of a class's constant pool, so that no existing index moves and the
 * rest of the class file can be copied as it is.
 */
final class ConstantPoolAdditions {
    private final ClassFileView view;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream pool = new DataOutputStream(bytes);
    private int next;

    ConstantPoolAdditions(ClassFileView view) {
        this.view = view;
        this.next = view.poolCount();
    }

    int utf8(String text) throws IOException {
        pool.writeByte(ClassFileView.UTF8);
        pool.writeUTF(text);
        return take(1);
    }

    int classRef(String internalName) throws IOException {
        int name = utf8(internalName);
        pool.writeByte(ClassFileView.CLASS);
        pool.writeShort(name);
        return take(1);
    }

    /** A method reference whose descriptor is an existing UTF8 constant. */
    int methodRef(int classRef, String name, int descriptor) throws IOException {
        int nameIndex = utf8(name);
        pool.writeByte(ClassFileView.NAME_AND_TYPE);
        pool.writeShort(nameIndex);
        pool.writeShort(descriptor);
        int nameAndType = take(1);
        pool.writeByte(ClassFileView.METHODREF);
        pool.writeShort(classRef);
        pool.writeShort(nameAndType);
        return take(1);
    }

    int methodRef(int classRef, String name, String descriptor) throws IOException {
        return methodRef(classRef, name, utf8(descriptor));
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
