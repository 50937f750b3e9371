import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType()
export class Report {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;
}
