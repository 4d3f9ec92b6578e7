package io.loopshift.agent.instrument;

import io.loopshift.agent.boot.BootInjector;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

import java.io.IOException;

/**
 * Advice whose calls to the hooks class are renamed to its java.base name before Byte Buddy
 * inlines them, so the JDK class links against {@code sun.nio.ch.LoopshiftHooks}.
 */
final class RenamedAdvice {
    private RenamedAdvice() {
    }

    static Advice of(Class<?> adviceClass) throws IOException {
        byte[] renamed = BootInjector.renameHooks(BootInjector.classFileOf(adviceClass));
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(adviceClass.getName(), renamed),
                ClassFileLocator.ForClassLoader.of(adviceClass.getClassLoader()));
        return Advice.to(TypePool.Default.of(locator).describe(adviceClass.getName()).resolve(), locator);
    }
}
