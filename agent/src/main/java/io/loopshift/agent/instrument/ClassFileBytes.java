package io.loopshift.agent.instrument;

import java.io.ByteArrayOutputStream;

/** Bytes of a class file being written: its items are big-endian. */
final class ClassFileBytes extends ByteArrayOutputStream {
    void u2(int value) {
        write(value >> 8);
        write(value);
    }

    void u4(int value) {
        write(value >>> 24);
        write(value >>> 16);
        write(value >>> 8);
        write(value);
    }

    void bytes(byte[] value) {
        write(value, 0, value.length);
    }

    /** An attribute: its name's constant, its length, its body. */
    void attribute(int name, byte[] body) {
        u2(name);
        u4(body.length);
        bytes(body);
    }
}
