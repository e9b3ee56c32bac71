package dev.merc.transforms;

import java.io.Serializable;

/**
 * How matched files are dealt into groups, the unit of work a worker takes after the fusion
 * break: either a fixed number of groups, round robin (the DirectRunner: one or two per thread,
 * so that few groups are in flight and memory stays flat), or groups of a fixed number of files
 * (distributed runners: many groups, so that every slot has work).
 */
public record FileGroups(int count, int filesPerGroup) implements Serializable {

  public FileGroups {
    if ((count > 0) == (filesPerGroup > 0)) {
      throw new IllegalArgumentException("give either a group count or files per group");
    }
  }

  public static FileGroups ofCount(int count) {
    return new FileGroups(count, 0);
  }

  public static FileGroups ofSize(int filesPerGroup) {
    return new FileGroups(0, filesPerGroup);
  }

  /** The group of the n-th file dealt by one dealer. */
  int keyOf(long n) {
    return (int) (count > 0 ? n % count : n / filesPerGroup);
  }
}
