package dev.plat.gateway.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plat.gateway.async.RetryPolicy.Verdict;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = new RetryPolicy(3, 100);

  @Test
  void an_answer_below_400_succeeds_at_once() {
    assertEquals(Verdict.SUCCEEDED, policy.after(1, 200));
    assertEquals(Verdict.SUCCEEDED, policy.after(3, 302));
  }

  @Test
  void a_4xx_other_than_429_fails_at_once() {
    assertEquals(Verdict.FAILED, policy.after(1, 400));
    assertEquals(Verdict.FAILED, policy.after(1, 404));
  }

  @Test
  void server_errors_429_and_no_answer_are_retried_while_attempts_remain_then_fail() {
    for (int status : new int[] {500, 502, 503, 504, 429, RetryPolicy.NO_ANSWER}) {
      assertEquals(Verdict.RETRY, policy.after(1, status), "status " + status);
      assertEquals(Verdict.RETRY, policy.after(2, status), "status " + status);
      assertEquals(Verdict.FAILED, policy.after(3, status), "status " + status);
    }
  }

  @Test
  void the_back_off_doubles_and_is_capped() {
    assertEquals(100, policy.delayMs(1));
    assertEquals(200, policy.delayMs(2));
    assertEquals(400, policy.delayMs(3));
    assertEquals(RetryPolicy.MAX_DELAY_MS, policy.delayMs(40));
    assertEquals(RetryPolicy.MAX_DELAY_MS, new RetryPolicy(3, Integer.MAX_VALUE).delayMs(31));
  }

  @Test
  void one_attempt_means_no_retry() {
    assertEquals(Verdict.FAILED, new RetryPolicy(1, 1).after(1, 503));
  }

  @Test
  void bad_settings_are_refused() {
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, 0));
  }
}
