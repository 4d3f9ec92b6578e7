/**
 * {@code java -jar loopshift-agent.jar doctor}: reads the kernel's socket tables and port sysctls,
 * counts the ephemeral ports each loopback destination holds, and says which routes would relieve
 * the ones that are running out. Never runs in premain.
 */
package io.loopshift.agent.cli.doctor;
