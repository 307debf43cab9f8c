package dev.sstbeam.pipelines.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The direct runner's compiler directives are ones this JVM accepts, and take effect. */
class DirectRunnerCompilationTest {
  @Test
  void theJvmAcceptsTheDirectivesAndListsTheirPatterns() throws Exception {
    assertEquals("1 compiler directives added", DirectRunnerCompilation.add());
    String listed = String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
        new Object[] {new String[0]}, new String[] {String[].class.getName()}));
    assertTrue(listed.contains("org/apache/beam/runners/direct/*.*"), listed);
    assertTrue(listed.matches("(?s).*c2 directives:\\s*inline: -\\s*Enable:true Exclude:true.*"), listed);
  }
}
