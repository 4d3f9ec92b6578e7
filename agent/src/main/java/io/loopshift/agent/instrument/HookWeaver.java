package io.loopshift.agent.instrument;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.ArrayList;
import java.util.List;

/**
 * Weaves a class's hooks into the methods they name: {@link EntryHook}s at the entry,
 * {@link CallSiteHook}s at their call sites. Records which were applied.
 */
final class HookWeaver extends ClassVisitor {
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
                code = callSite.redirect(code, new Runnable() {
                    @Override
                    public void run() {
                        applied[index] = true;
                    }
                });
            }
        }
        return code;
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
