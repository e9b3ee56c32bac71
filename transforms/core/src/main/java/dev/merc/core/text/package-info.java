/** Makes untrusted text safe to store: valid UTF-8, no NUL. */
package dev.merc.core.text;
