/** The Beam transforms and DoFns that wrap Merc's extraction library and database mapping. */
package dev.merc.transforms;
