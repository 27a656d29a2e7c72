"use client";

// A signature drawn with a finger, stylus or mouse (signature_pad), for the recipient at delivery. The parent reads
// it as a PNG file through the ref; the canvas keeps its drawing when the phone rotates (resized, then redrawn).
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";
import SignaturePad from "signature_pad";

import { Button } from "~/components/ui/button";

export type TSignatureFieldHandle = {
  /** The signature as a PNG file, or null when nothing was drawn. */
  toFile(): Promise<File | null>;
  clear(): void;
};

type TProps = { id: string; label: string; error?: string };

export const SignatureField = forwardRef<TSignatureFieldHandle, TProps>(function SignatureField(
  { id, label, error },
  ref,
) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const [empty, setEmpty] = useState(true);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const pad = new SignaturePad(canvas, { penColor: "#0f172a", backgroundColor: "rgb(255,255,255)" });
    padRef.current = pad;
    const onEnd = () => setEmpty(pad.isEmpty());
    pad.addEventListener("endStroke", onEnd);
    // The canvas's pixel size must match its shown size times the device pixel ratio, or strokes land off the finger.
    const resize = () => {
      const data = pad.toData();
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d")?.scale(ratio, ratio);
      pad.clear();
      pad.fromData(data);
    };
    resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      pad.removeEventListener("endStroke", onEnd);
      pad.off();
    };
  }, []);

  useImperativeHandle(ref, () => ({
    async toFile() {
      const pad = padRef.current;
      const canvas = canvasRef.current;
      if (!pad || !canvas || pad.isEmpty()) return null;
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
      return blob ? new File([blob], "signature.png", { type: "image/png" }) : null;
    },
    clear() {
      padRef.current?.clear();
      setEmpty(true);
    },
  }));

  return (
    <div className="space-y-1.5">
      <p id={`${id}-label`} className="block text-base font-semibold text-slate-900">
        {label}
      </p>
      <canvas
        ref={canvasRef}
        id={id}
        role="img"
        aria-labelledby={`${id}-label`}
        aria-describedby={error ? `${id}-error` : undefined}
        className="block h-40 w-full touch-none rounded-xl border-2 border-slate-300 bg-white"
      />
      <div className="flex items-center justify-between gap-2 text-sm text-slate-600">
        <span>{empty ? "Sign with a finger inside the box." : "Signed."}</span>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            padRef.current?.clear();
            setEmpty(true);
          }}
        >
          Clear signature
        </Button>
      </div>
      <p id={`${id}-error`} role="alert" className="text-base font-medium text-red-700 empty:hidden">
        {error ?? ""}
      </p>
    </div>
  );
});
