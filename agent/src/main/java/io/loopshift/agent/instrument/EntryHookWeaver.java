package io.loopshift.agent.instrument;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.ArrayList;
import java.util.List;

/** Weaves a class's {@link EntryHook}s into the methods they name; records which were applied. */
final class EntryHookWeaver extends ClassVisitor {
    private final List<EntryHook> hooks;
    private final List<EntryHook> applied = new ArrayList<>();

    EntryHookWeaver(ClassVisitor next, List<EntryHook> hooks) {
        super(Opcodes.ASM9, next);
        this.hooks = hooks;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor code = super.visitMethod(access, name, descriptor, signature, exceptions);
        for (EntryHook hook : hooks) {
            if (hook.appliesTo(name, descriptor) && (access & Opcodes.ACC_ABSTRACT) == 0) {
                applied.add(hook);
                boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
                return new MethodVisitor(Opcodes.ASM9, code) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        hook.emit(mv, isStatic);
                    }
                };
            }
        }
        return code;
    }

    /** The hooks whose method was not found: a JDK that differs from the ones checked. */
    List<EntryHook> missing() {
        List<EntryHook> missing = new ArrayList<>(hooks);
        missing.removeAll(applied);
        return missing;
    }
}
