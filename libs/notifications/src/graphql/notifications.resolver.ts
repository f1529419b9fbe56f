import { Args, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Principal, SignedIn } from '@kinwell/identity';
import { Notifications } from '../notifications.service';

@ObjectType('Notification')
export class NotificationModel {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'What kind of message it is, such as item.declined' }) key!: string;
  @Field(() => String, { description: 'Short, in your language' }) subject!: string;
  @Field(() => String, { description: 'The detail, in your language' }) body!: string;
  @Field(() => String, { nullable: true, description: 'Where in Kinwell to act on it' }) link!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) readAt!: Date | null;
}

@ObjectType('NotificationPreferences')
export class NotificationPreferencesModel {
  @Field(() => Boolean) email!: boolean;
  @Field(() => Boolean) sms!: boolean;
  @Field(() => String, { nullable: true }) mobile!: string | null;
  @Field(() => Boolean, { description: 'Whether this Kinwell can send text messages' }) smsAvailable!: boolean;
}

@InputType()
export class NotificationPreferencesInput {
  @Field(() => Boolean) email!: boolean;
  @Field(() => Boolean) sms!: boolean;
  @Field(() => String, { nullable: true }) mobile?: string | null;
}

@Resolver()
export class NotificationsResolver {
  constructor(private readonly notifications: Notifications) {}

  @SignedIn()
  @Query(() => [NotificationModel], { description: 'Your messages, newest first, in your language' })
  async myNotifications(@CurrentUser() principal: Principal): Promise<NotificationModel[]> {
    return (await this.notifications.list(principal.userId, principal.language)).map(({ title, ...n }) => ({ ...n, subject: title }));
  }

  @SignedIn()
  @Query(() => Int, { description: 'How many of your messages you have not read' })
  unreadNotifications(@CurrentUser() principal: Principal): Promise<number> {
    return this.notifications.unreadCount(principal.userId);
  }

  @SignedIn()
  @Mutation(() => Boolean, { description: 'Mark all your messages as read' })
  async markNotificationsRead(@CurrentUser() principal: Principal): Promise<boolean> {
    await this.notifications.markAllRead(principal.userId);
    return true;
  }

  @SignedIn()
  @Query(() => NotificationPreferencesModel, { description: 'How you are told things besides in Kinwell' })
  notificationPreferences(@CurrentUser() principal: Principal) {
    return this.notifications.preferences(principal.userId);
  }

  @SignedIn()
  @Mutation(() => NotificationPreferencesModel, { description: 'Choose email and text messages' })
  setNotificationPreferences(@Args('input') input: NotificationPreferencesInput, @CurrentUser() principal: Principal) {
    return this.notifications.setPreferences(principal.userId, { email: input.email, sms: input.sms, mobile: input.mobile ?? null });
  }
}
