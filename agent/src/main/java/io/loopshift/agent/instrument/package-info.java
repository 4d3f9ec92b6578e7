/** The Byte Buddy side: the advice inlined into {@code sun.nio.ch.Net} and the agent builder that installs it. */
package io.loopshift.agent.instrument;
