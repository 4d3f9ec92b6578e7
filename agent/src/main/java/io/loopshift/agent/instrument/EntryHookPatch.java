package io.loopshift.agent.instrument;

import io.loopshift.agent.instrument.EntryHookPrologue.UnsupportedShape;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Applies an {@link EntryHook} to a JDK class without ASM: its {@link EntryHookPrologue} goes in
 * front of the method's code, and everything that names an offset in that code moves by the
 * prologue's length (the exception table, the line and local variable tables, the stack map
 * frames and the {@code new} offsets they hold). Branches are relative, so the instructions
 * themselves are copied as they are. Loading ASM at start-up for the few methods that
 * {@code unix:} routes hook cost more than the rest of the weaving together.
 */
final class EntryHookPatch {
    private static final int ITEM_OBJECT = 7;
    private static final int ITEM_UNINITIALIZED = 8;
    private static final int ACC_STATIC = 0x0008;

    private final ClassFileView view;
    private final byte[] file;
    private int shift;

    private EntryHookPatch(byte[] file) throws IOException {
        this.view = new ClassFileView(file);
        this.file = file;
    }

    /**
     * The patched class file, or null when the class has no such method.
     *
     * @throws UnsupportedShape when the method's code holds something this patch cannot move
     */
    static byte[] apply(byte[] classFile, EntryHook hook) throws IOException {
        return new EntryHookPatch(classFile).patch(hook);
    }

    private byte[] patch(EntryHook hook) throws IOException {
        int method = view.method(hook.method(), hook.descriptor());
        if (method < 0) {
            return null;
        }
        int code = view.codeAttribute(method);
        if (code < 0) {
            throw new UnsupportedShape("no code");
        }
        ConstantPoolAdditions pool = new ConstantPoolAdditions(view);
        boolean isStatic = (view.u2(method) & ACC_STATIC) != 0;
        EntryHookPrologue prologue = EntryHookPrologue.of(hook, isStatic, pool);
        shift = prologue.code.length;
        byte[] attribute = codeAttribute(code, prologue, pool);
        int codeEnd = code + 6 + view.u4(code + 2);
        ByteArrayOutputStream rest = new ByteArrayOutputStream(file.length - view.poolEnd + attribute.length);
        rest.write(file, view.poolEnd, code - view.poolEnd);
        rest.write(attribute, 0, attribute.length);
        rest.write(file, codeEnd, file.length - codeEnd);
        return pool.classFileWith(rest.toByteArray());
    }

    /** The whole new Code attribute, its name and length included. */
    private byte[] codeAttribute(int code, EntryHookPrologue prologue, ConstantPoolAdditions pool) throws IOException {
        ClassFileBytes out = new ClassFileBytes();
        out.u2(view.u2(code));
        out.u4(0);                                 // the length, set below
        out.u2(Math.max(view.u2(code + 6), prologue.maxStack));
        out.u2(view.u2(code + 8));
        int codeLength = view.u4(code + 10);
        if (codeLength + shift > 0xffff) {
            throw new UnsupportedShape("method too long");
        }
        out.u4(codeLength + shift);
        out.write(prologue.code, 0, shift);
        out.write(file, code + 14, codeLength);
        int at = code + 14 + codeLength;
        int handlers = view.u2(at);
        out.u2(handlers);
        at += 2;
        for (int h = 0; h < handlers; h++, at += 8) {
            out.u2(view.u2(at) + shift);
            out.u2(view.u2(at + 2) + shift);
            out.u2(view.u2(at + 4) + shift);
            out.u2(view.u2(at + 6));
        }
        int attributes = view.u2(at);
        at += 2;
        boolean framesWritten = false;
        ClassFileBytes attributeBytes = new ClassFileBytes();
        for (int a = 0; a < attributes; a++) {
            int name = view.u2(at);
            int length = view.u4(at + 2);
            int body = at + 6;
            if (view.utf8Is(name, "StackMapTable")) {
                attributeBytes.attribute(name, stackMapTable(body, prologue));
                framesWritten = true;
            } else if (view.utf8Is(name, "LineNumberTable")) {
                attributeBytes.attribute(name, shiftedTable(body, 4));
            } else if (view.utf8Is(name, "LocalVariableTable") || view.utf8Is(name, "LocalVariableTypeTable")) {
                attributeBytes.attribute(name, shiftedTable(body, 10));
            } else {
                throw new UnsupportedShape("code attribute " + name + " not understood");
            }
            at = body + length;
        }
        if (!framesWritten && prologue.branchTarget >= 0) {
            int name = view.findUtf8("StackMapTable");
            attributeBytes.attribute(name != 0 ? name : pool.utf8("StackMapTable"), frames(1, prologue.frame, new byte[0]));
            attributes++;
        }
        out.u2(attributes);
        attributeBytes.writeTo(out);
        byte[] result = out.toByteArray();
        int length = result.length - 6;
        result[2] = (byte) (length >>> 24);
        result[3] = (byte) (length >>> 16);
        result[4] = (byte) (length >>> 8);
        result[5] = (byte) length;
        return result;
    }

    /** A table of {@code u2 count} entries of {@code size} bytes whose first item is a code offset. */
    private byte[] shiftedTable(int body, int size) {
        int count = view.u2(body);
        byte[] table = Arrays.copyOfRange(file, body, body + 2 + count * size);
        for (int e = 0; e < count; e++) {
            int at = 2 + e * size;
            int pc = (((table[at] & 0xff) << 8) | (table[at + 1] & 0xff)) + shift;
            table[at] = (byte) (pc >> 8);
            table[at + 1] = (byte) pc;
        }
        return table;
    }

    /**
     * The frames with the prologue's first. A frame's offset is its delta from the frame before
     * plus one (the first's is the delta itself), so only the JDK's first frame changes delta.
     */
    private byte[] stackMapTable(int body, EntryHookPrologue prologue) throws IOException {
        int count = view.u2(body);
        ClassFileBytes frames = new ClassFileBytes();
        int at = body + 2;
        for (int f = 0; f < count; f++) {
            int firstDelta = prologue.branchTarget < 0 ? shift : shift - prologue.branchTarget - 1;
            at = copyFrame(at, f == 0 ? firstDelta : 0, frames);
        }
        boolean own = prologue.branchTarget >= 0;
        return frames(count + (own ? 1 : 0), prologue.frame, frames.toByteArray());
    }

    private static byte[] frames(int count, byte[] first, byte[] rest) {
        ClassFileBytes table = new ClassFileBytes();
        table.u2(count);
        table.bytes(first);
        table.bytes(rest);
        return table.toByteArray();
    }

    /** Copies one frame, its delta raised by {@code addedDelta}; answers where the next frame starts. */
    private int copyFrame(int at, int addedDelta, ClassFileBytes out) throws IOException {
        int type = file[at] & 0xff;
        if (type < 64) {                           // same_frame
            int delta = type + addedDelta;
            if (delta <= 63) {
                out.write(delta);
            } else {
                out.write(251);
                out.u2(delta);
            }
            return at + 1;
        }
        if (type < 128) {                          // same_locals_1_stack_item
            int delta = type - 64 + addedDelta;
            if (delta <= 63) {
                out.write(64 + delta);
            } else {
                out.write(247);
                out.u2(delta);
            }
            return copyItems(at + 1, 1, out);
        }
        if (type < 247) {
            throw new UnsupportedShape("reserved frame type " + type);
        }
        out.write(type);
        out.u2(view.u2(at + 1) + addedDelta);
        at += 3;
        if (type == 247) {
            return copyItems(at, 1, out);
        }
        if (type <= 251) {                         // chop, same_frame_extended
            return at;
        }
        if (type < 255) {                          // append
            return copyItems(at, type - 251, out);
        }
        int locals = view.u2(at);                  // full_frame
        out.u2(locals);
        at = copyItems(at + 2, locals, out);
        int stack = view.u2(at);
        out.u2(stack);
        return copyItems(at + 2, stack, out);
    }

    /** Copies verification types; an uninitialized one names the offset of its {@code new}, which moves. */
    private int copyItems(int at, int count, ClassFileBytes out) {
        for (int i = 0; i < count; i++) {
            int item = file[at] & 0xff;
            out.write(item);
            if (item == ITEM_OBJECT) {
                out.u2(view.u2(at + 1));
                at += 3;
            } else if (item == ITEM_UNINITIALIZED) {
                out.u2(view.u2(at + 1) + shift);
                at += 3;
            } else {
                at += 1;
            }
        }
        return at;
    }
}
