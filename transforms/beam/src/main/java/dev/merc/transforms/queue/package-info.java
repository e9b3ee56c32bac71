/** The Redis work queue: a consumer-group source, and acknowledgement after the database commit. */
package dev.merc.transforms.queue;
