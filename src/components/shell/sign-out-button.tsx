"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";

import { Button } from "~/components/ui/button";

/**
 * Signs out, then loads /sign-in in full. next-auth's own redirect is skipped on purpose: without NEXTAUTH_URL it
 * points at http://localhost:3000, and a full page load also drops every cached query of the old account.
 */
export async function signOutToSignIn(): Promise<void> {
  try {
    await signOut({ callbackUrl: "/sign-in", redirect: false });
  } finally {
    window.location.assign("/sign-in");
  }
}

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      pending={pending}
      pendingLabel="Signing out…"
      onClick={() => {
        setPending(true);
        void signOutToSignIn();
      }}
    >
      Sign out
    </Button>
  );
}
