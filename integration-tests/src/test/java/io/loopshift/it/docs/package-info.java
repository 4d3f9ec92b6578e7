/** The documentation's shell snippets, run as a user pastes them. */
package io.loopshift.it.docs;
