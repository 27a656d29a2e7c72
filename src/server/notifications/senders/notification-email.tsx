// The one layout of notification emails (React Email): title, body, a button to the page, and the unsubscribe
// line for this type. Rendered to HTML and plain text by ./email.ts.
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from "@react-email/components";

export type TNotificationEmailProps = {
  title: string;
  body: string;
  actionLabel: string;
  actionUrl: string;
  /** For account holders: the type's label ("Shipment updates"), named in the unsubscribe line, and the links. */
  unsubscribe?: { typeLabel: string; unsubscribeUrl: string; settingsUrl: string };
  /** For recipients without an account: why they get this email instead of the unsubscribe line. */
  footer?: string;
};

export function NotificationEmail(props: TNotificationEmailProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{props.body}</Preview>
      <Body style={{ backgroundColor: "#f8fafc", fontFamily: "system-ui, -apple-system, Segoe UI, sans-serif" }}>
        <Container style={{ backgroundColor: "#ffffff", margin: "24px auto", padding: "24px", maxWidth: "560px" }}>
          <Text style={{ color: "#1d4ed8", fontWeight: 700, margin: 0 }}>Trial Transport</Text>
          <Heading as="h1" style={{ color: "#0f172a", fontSize: "20px" }}>
            {props.title}
          </Heading>
          <Text style={{ color: "#0f172a", fontSize: "15px" }}>{props.body}</Text>
          <Section style={{ margin: "16px 0" }}>
            <Button
              href={props.actionUrl}
              style={{ backgroundColor: "#1d4ed8", borderRadius: "6px", color: "#ffffff", padding: "10px 16px" }}
            >
              {props.actionLabel}
            </Button>
          </Section>
          <Hr />
          {props.unsubscribe ? (
            <Text style={{ color: "#64748b", fontSize: "12px" }}>
              You get these emails because {props.unsubscribe.typeLabel.toLowerCase()} are on for your account.{" "}
              <Link href={props.unsubscribe.unsubscribeUrl}>
                Unsubscribe from {props.unsubscribe.typeLabel.toLowerCase()} emails
              </Link>{" "}
              or <Link href={props.unsubscribe.settingsUrl}>choose what we send you</Link>.
            </Text>
          ) : null}
          {props.footer ? <Text style={{ color: "#64748b", fontSize: "12px" }}>{props.footer}</Text> : null}
        </Container>
      </Body>
    </Html>
  );
}
