package io.loopshift.agent.boot;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.util.CheckClassAdapter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The constant-pool rename that puts the hooks class into {@code sun.nio.ch}: its output must be a
 * valid class file (ASM's CheckClassAdapter, with data flow, and the JVM's own verifier when
 * loaded), renamed everywhere the class names itself, and untouched elsewhere.
 */
class ClassNameRewriterTest {

    @Test
    void theRenamedHooksClassIsValidAndNamesOnlyItsNewSelf() throws Exception {
        byte[] renamed = BootInjector.renameHooks(BootInjector.classFileOf(LoopshiftHooks.class));
        ClassReader reader = new ClassReader(renamed);
        assertEquals("sun/nio/ch/LoopshiftHooks", reader.getClassName());
        assertEquals("", verify(reader));
        assertFalse(new String(renamed, StandardCharsets.ISO_8859_1).contains("io/loopshift"), "a reference to the old name is left");
    }

    @Test
    void descriptorsAndClassConstantsAreRenamedLongerNamesAndWideConstantsKept() throws Exception {
        byte[] renamed = ClassNameRewriter.rename(synthetic(), "a/Old", "b/New");
        ClassReader reader = new ClassReader(renamed);
        assertEquals("", verify(reader));
        Map<String, String> fields = new HashMap<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                fields.put(name, descriptor);
                return null;
            }
        }, 0);
        assertEquals(Map.of("self", "Lb/New;", "other", "La/OldButLonger;", "array", "[Lb/New;"), fields);

        Class<?> loaded = new ClassLoader(null) {
            Class<?> define() {
                return defineClass("b.New", renamed, 0, renamed.length);
            }
        }.define();
        // Long and double constants take two pool slots: a misaligned pool would not load or would read garbage.
        assertEquals(0x1122334455667788L, loaded.getDeclaredMethod("wide").invoke(null));
        assertEquals(0.5d, loaded.getDeclaredMethod("half").invoke(null));
        assertSame(loaded, loaded.getDeclaredMethod("type").invoke(null));
        Method same = loaded.getDeclaredMethod("same", loaded);
        assertSame(loaded, same.getReturnType());
    }

    @Test
    void aTruncatedClassFileIsRefusedWithAnIoException() throws Exception {
        byte[] whole = BootInjector.classFileOf(LoopshiftHooks.class);
        for (int length : new int[] {4, 12, 40, whole.length / 3}) {
            byte[] truncated = Arrays.copyOf(whole, length);
            assertThrows(IOException.class,
                    () -> ClassNameRewriter.rename(truncated, "io/loopshift/agent/boot/LoopshiftHooks", "sun/nio/ch/LoopshiftHooks"),
                    "truncated at " + length);
        }
    }

    @Test
    void aRenameThatOverflowsAConstantIsRefused() {
        // One UTF-8 constant of 21,000 descriptors "La;": renamed to a longer name it outgrows 16 bits.
        String descriptors = "La;".repeat(21_000);
        byte[] constant = descriptors.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 2, 1});
        file.write(constant.length >>> 8);
        file.write(constant.length);
        file.writeBytes(constant);
        byte[] classFile = file.toByteArray();
        IOException refused = assertThrows(IOException.class, () -> ClassNameRewriter.rename(classFile, "a", "b/Longer"));
        assertTrue(refused.getMessage().contains("constant 1"), refused.getMessage());
        // The same constant renamed to a name of the same length fits.
        assertDoesNotThrow(() -> ClassNameRewriter.rename(classFile, "a", "b"));
    }

    /** Problems CheckClassAdapter finds, with data flow; "" when none. */
    static String verify(ClassReader reader) {
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(reader, ClassNameRewriterTest.class.getClassLoader(), false, new PrintWriter(problems));
        return problems.toString();
    }

    /**
     * A class {@code a/Old} that names itself in a field, an array field, a method descriptor and
     * a class constant; names {@code a/OldButLonger}, which must stay; and has long and double
     * constants around the renamed entries.
     */
    private static byte[] synthetic() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "a/Old", null, "java/lang/Object", null);
        writer.visitField(Opcodes.ACC_STATIC, "self", "La/Old;", null, null).visitEnd();
        writer.visitField(Opcodes.ACC_STATIC, "other", "La/OldButLonger;", null, null).visitEnd();
        writer.visitField(Opcodes.ACC_STATIC, "array", "[La/Old;", null, null).visitEnd();
        MethodVisitor wide = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "wide", "()J", null, null);
        wide.visitCode();
        wide.visitLdcInsn(0x1122334455667788L);
        wide.visitInsn(Opcodes.LRETURN);
        wide.visitMaxs(0, 0);
        wide.visitEnd();
        MethodVisitor half = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "half", "()D", null, null);
        half.visitCode();
        half.visitLdcInsn(0.5d);
        half.visitInsn(Opcodes.DRETURN);
        half.visitMaxs(0, 0);
        half.visitEnd();
        MethodVisitor type = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "type", "()Ljava/lang/Class;", null, null);
        type.visitCode();
        type.visitLdcInsn(Type.getObjectType("a/Old"));
        type.visitInsn(Opcodes.ARETURN);
        type.visitMaxs(0, 0);
        type.visitEnd();
        MethodVisitor same = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "same", "(La/Old;)La/Old;", null, null);
        same.visitCode();
        same.visitVarInsn(Opcodes.ALOAD, 0);
        same.visitFieldInsn(Opcodes.PUTSTATIC, "a/Old", "self", "La/Old;");
        same.visitFieldInsn(Opcodes.GETSTATIC, "a/Old", "self", "La/Old;");
        same.visitInsn(Opcodes.ARETURN);
        same.visitMaxs(0, 0);
        same.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
