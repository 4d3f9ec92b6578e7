/** Parsing and validating the agent's settings into immutable values: routes, pools, matches, levels. */
package io.loopshift.agent.config;
