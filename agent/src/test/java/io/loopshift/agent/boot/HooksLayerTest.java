package io.loopshift.agent.boot;

import net.bytebuddy.jar.asm.ClassReader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layer rule of the bootstrap contract: the class defined in java.base (LoopshiftHooks after
 * its rename) may reference only classes of java.base itself, in {@code java.*}, {@code jdk.*} or
 * {@code sun.*}. Anything else would fail to link in the boot loader, at the first connect of
 * some application, not at start-up. Read from the constant pool: every class constant and every
 * class named in a descriptor or signature.
 */
class HooksLayerTest {
    private static final Pattern NAMED_IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");

    @Test
    void theClassDefinedInJavaBaseReferencesOnlyJavaBase() throws Exception {
        Set<String> referenced = referencedClasses(BootInjector.renameHooks(BootInjector.classFileOf(LoopshiftHooks.class)));
        assertTrue(referenced.contains("sun/nio/ch/LoopshiftHooks") && referenced.contains("java/lang/invoke/MethodHandle"), referenced.toString());
        assertEquals(Set.of(), outsideJavaBase(referenced), "referenced from java.base but not in java.base");
    }

    @Test
    void theRuleCatchesAReferenceOutsideJavaBase() throws Exception {
        // Before the rename the class names itself in io.loopshift.agent.boot: the check must see it.
        Set<String> referenced = referencedClasses(BootInjector.classFileOf(LoopshiftHooks.class));
        assertEquals(Set.of("io/loopshift/agent/boot/LoopshiftHooks"), outsideJavaBase(referenced));
    }

    @Test
    void theInjectorNamesTheHooksClassItDefines() {
        // The injector names the class as text, so that premain does not define it in the agent's loader too.
        assertEquals(LoopshiftHooks.class.getName(), BootInjector.SOURCE_NAME);
    }

    private static Set<String> outsideJavaBase(Set<String> classes) {
        Set<String> javaBase = Object.class.getModule().getDescriptor().packages();
        Set<String> outside = new TreeSet<>();
        for (String internalName : classes) {
            String packageName = internalName.substring(0, Math.max(0, internalName.lastIndexOf('/'))).replace('/', '.');
            boolean layer = packageName.startsWith("java.") || packageName.startsWith("jdk.") || packageName.startsWith("sun.");
            if (!layer || !javaBase.contains(packageName)) {
                outside.add(internalName);
            }
        }
        return outside;
    }

    /** Class constants (arrays unwrapped) and classes named in UTF-8 constants that are descriptors or signatures. */
    static Set<String> referencedClasses(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        char[] buffer = new char[reader.getMaxStringLength()];
        Set<String> classes = new TreeSet<>();
        for (int index = 1; index < reader.getItemCount(); index++) {
            int offset = reader.getItem(index);
            if (offset == 0) {
                continue;  // the second slot of a long or double
            }
            int tag = classFile[offset - 1];
            if (tag == 7) {  // CONSTANT_Class
                String name = reader.readUTF8(offset, buffer);  // the name index the class entry holds
                Matcher inArray = NAMED_IN_DESCRIPTOR.matcher(name);
                classes.add(name.startsWith("[") ? (inArray.find() ? inArray.group(1) : "java/lang/Object") : name);
            } else if (tag == 1) {  // CONSTANT_Utf8
                String text = new String(classFile, offset + 2, ((classFile[offset] & 0xff) << 8) | (classFile[offset + 1] & 0xff), StandardCharsets.ISO_8859_1);
                if (text.startsWith("(") || text.startsWith("L") || text.startsWith("[") || text.startsWith("<")) {
                    Matcher named = NAMED_IN_DESCRIPTOR.matcher(text);
                    while (named.find()) {
                        classes.add(named.group(1));
                    }
                }
            }
        }
        return classes;
    }
}
