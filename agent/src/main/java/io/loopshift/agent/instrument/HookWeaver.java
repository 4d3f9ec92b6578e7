package io.loopshift.agent.instrument;

import io.loopshift.agent.boot.BootInjector;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.ArrayList;
import java.util.List;

/**
 * Weaves a class's {@link EntryHook}s into the entry of the methods they name, and the
 * {@link CallSiteHook}s that pass {@code this} at their call sites (the others are patched
 * without ASM: {@link CallSitePatch}). Records which were applied.
 */
final class HookWeaver extends ClassVisitor {
    private static final String HOOKS = BootInjector.BOOT_NAME.replace('.', '/');
    private final List<Hook> hooks;
    /** Compared by identity: a record's equals would bootstrap invokedynamic inside premain. */
    private final boolean[] applied;

    HookWeaver(ClassVisitor next, List<Hook> hooks) {
        super(Opcodes.ASM9, next);
        this.hooks = hooks;
        this.applied = new boolean[hooks.size()];
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor code = super.visitMethod(access, name, descriptor, signature, exceptions);
        if ((access & Opcodes.ACC_ABSTRACT) != 0 || (access & Opcodes.ACC_NATIVE) != 0) {
            return code;
        }
        for (int i = 0; i < hooks.size(); i++) {
            Hook hook = hooks.get(i);
            int index = i;
            if (hook instanceof EntryHook entry && entry.appliesTo(name, descriptor)) {
                applied[index] = true;
                boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
                code = new MethodVisitor(Opcodes.ASM9, code) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        entry.emit(mv, isStatic);
                    }
                };
            } else if (hook instanceof OptionHook option && option.appliesTo(name, descriptor)) {
                applied[index] = true;
                code = new MethodVisitor(Opcodes.ASM9, code) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        option.emit(mv);
                    }
                };
            } else if (hook instanceof CallSiteHook callSite && callSite.appliesTo(name, descriptor)) {
                code = redirect(code, callSite, index);
            }
        }
        return code;
    }

    private MethodVisitor redirect(MethodVisitor code, CallSiteHook callSite, int index) {
        return new MethodVisitor(Opcodes.ASM9, code) {
            @Override
            public void visitMethodInsn(int opcode, String insnOwner, String name, String calledMethodDescriptor, boolean isInterface) {
                if (opcode == Opcodes.INVOKESTATIC && callSite.calledOwner().equals(insnOwner) && callSite.calledName().equals(name)
                        && callSite.calledDescriptor().equals(calledMethodDescriptor)) {
                    applied[index] = true;
                    if (callSite.passThis()) {
                        // The call's arguments are on the stack already: `this` goes on top, as the hook's last parameter.
                        super.visitVarInsn(Opcodes.ALOAD, 0);
                    }
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, callSite.hook(), callSite.hookDescriptor(), false);
                } else {
                    super.visitMethodInsn(opcode, insnOwner, name, calledMethodDescriptor, isInterface);
                }
            }
        };
    }

    /** The hooks whose method (or call site) was not found: a JDK that differs from the ones checked. */
    List<Hook> missing() {
        List<Hook> missing = new ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            if (!applied[i]) {
                missing.add(hooks.get(i));
            }
        }
        return missing;
    }
}
