'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { authMe, authMeRoute, loginOptionsRoute, logoutResponse, logoutRoute, tokenLoginRoute } from './auth.js';
import { postJson } from './fetch-json.js';
import { useRoute } from './use-route.js';

/** Who the console acts for; polled with the shell's refresh, so an ended session shows within one interval. */
export function useAuthMe(enabled = true) {
  return useRoute(authMeRoute, { enabled });
}

/** How to log in here (the login page). */
export function useLoginOptions() {
  return useRoute(loginOptionsRoute);
}

export function useTokenLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => postJson(tokenLoginRoute.route, { token }, authMe),
    onSuccess: () => client.clear(),
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => postJson(logoutRoute.route, {}, logoutResponse),
    onSuccess: () => client.clear(),
  });
}
