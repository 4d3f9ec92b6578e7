package io.loopshift.agent.instrument;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Weaves {@link EntryHook}s into the methods they name; records which hooks were applied. */
final class EntryHookWeaver extends ClassVisitor {
    private final List<EntryHook> hooks;
    private final Set<EntryHook> applied = ConcurrentHashMap.newKeySet();

    EntryHookWeaver(ClassVisitor next, List<EntryHook> hooks) {
        super(Opcodes.ASM9, next);
        this.hooks = hooks;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor code = super.visitMethod(access, name, descriptor, signature, exceptions);
        for (EntryHook hook : hooks) {
            if (hook.appliesTo(name, descriptor, access)) {
                applied.add(hook);
                return new MethodVisitor(Opcodes.ASM9, code) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        hook.emit(mv);
                    }
                };
            }
        }
        return code;
    }

    /** True when every hook found its method. */
    boolean appliedAll() {
        return applied.size() == hooks.size();
    }

    List<EntryHook> missing() {
        return hooks.stream().filter(hook -> !applied.contains(hook)).toList();
    }
}
